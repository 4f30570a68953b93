using System.Text;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.Core.Repositories.Uploads;

namespace Spaces.Core.Tests.Repositories.Uploads;

public sealed class UploadStagingTests
{
    [Fact]
    public async Task The_last_content_of_a_path_wins_and_counts_once()
    {
        using var staging = new UploadStaging(new UploadLimits());

        await staging.AddFileAsync("a.txt", Text("first"));
        await staging.AddFileAsync("a.txt", Text("second!"));

        Assert.Equal(1, staging.FileCount);
        Assert.Equal(7, staging.TotalBytes);
        Assert.Equal("second!", (await ArchiveUnpackerTests.ContentsAsync(staging))["a.txt"]);
    }

    [Theory]
    [InlineData("a", "a/b")]
    [InlineData("a/b", "a")]
    public async Task A_path_cannot_be_both_a_file_and_a_folder(string first, string second)
    {
        using var staging = new UploadStaging(new UploadLimits());
        await staging.AddFileAsync(first, Text("1"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => staging.AddFileAsync(second, Text("2")));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("'a'", problem.Message);
    }

    [Fact]
    public async Task Disposing_removes_every_staged_byte_and_a_refused_file_leaves_none()
    {
        var staging = new UploadStaging(new UploadLimits { MaxFileBytes = 4 });
        await staging.AddFileAsync("ok.txt", Text("1234"));

        await Assert.ThrowsAsync<ProblemException>(() => staging.AddFileAsync("big.txt", Text("12345")));

        Assert.Single(Directory.GetFiles(staging.Directory));
        staging.Dispose();
        Assert.False(Directory.Exists(staging.Directory));
    }

    [Fact]
    public async Task With_a_repository_files_go_into_its_object_store_and_nothing_is_staged_on_disk()
    {
        using var repos = new TempRepositories();
        var repo = await repos.NewAsync();
        using var staging = new UploadStaging(new UploadLimits(), repos.Root, repo);
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);

        await staging.AddFileAsync("w.bin", new MemoryStream(content));
        await staging.AddFileAsync("a.txt", Text("first"));
        await staging.AddFileAsync("a.txt", Text("second!"));
        staging.DeleteFile("old.txt");

        Assert.Empty(Directory.EnumerateFileSystemEntries(staging.Directory));
        Assert.Equal((2, 300_007L), (staging.FileCount, staging.TotalBytes));
        var operations = staging.Operations;
        Assert.Equal(["w.bin", "a.txt", "old.txt"], operations.Select(o => o.Path));
        var puts = operations.OfType<PutBlob>().ToList();
        Assert.Equal([GitBlobWriteTests.GitBlobId(content), GitBlobWriteTests.GitBlobId(Encoding.UTF8.GetBytes("second!"))], puts.Select(p => p.BlobId));
        Assert.IsType<DeleteFile>(operations[2]);
    }

    [Fact]
    public async Task With_a_repository_a_file_over_a_limit_is_refused_while_it_streams_and_writes_no_object()
    {
        using var repos = new TempRepositories();
        var repo = await repos.NewAsync();
        using var perFile = new UploadStaging(new UploadLimits { MaxFileBytes = 1024 * 1024 }, repos.Root, repo);
        using var total = new UploadStaging(new UploadLimits { MaxUnpackedBytes = 1024 * 1024 }, repos.Root, repo);
        await total.AddFileAsync("ok.bin", new MemoryStream(new byte[700 * 1024]));
        var objects = GitBlobWriteTests.LooseObjects(repo);

        var tooLarge = await Assert.ThrowsAsync<ProblemException>(() => perFile.AddFileAsync("big.bin", new MemoryStream(new byte[3 * 1024 * 1024])));
        var tooMuch = await Assert.ThrowsAsync<ProblemException>(() => total.AddFileAsync("more.bin", new MemoryStream(new byte[700 * 1024])));

        Assert.Equal((ProblemKind.TooLarge, "'big.bin' is larger than the limit of 1 MiB per file."), (tooLarge.Kind, tooLarge.Message));
        Assert.Equal((ProblemKind.TooLarge, "The upload unpacks to more than 1 MiB in total (reached at 'more.bin')."), (tooMuch.Kind, tooMuch.Message));
        Assert.Equal(objects, GitBlobWriteTests.LooseObjects(repo));
        Assert.True(perFile.IsEmpty);
        Assert.Equal(["ok.bin"], total.Files.Select(f => f.Path));
    }

    [Fact]
    public void Limits_describe_themselves_and_reject_nonsense()
    {
        Assert.Equal("512 MiB", UploadLimits.Describe(new UploadLimits().MaxFileBytes));
        Assert.Equal("5 GiB", UploadLimits.Describe(new UploadLimits().MaxUnpackedBytes));
        Assert.Empty(new UploadLimits().Validate());
        Assert.Equal(2, new UploadLimits { MaxFiles = 0, MaxCompressionRatio = 0.5 }.Validate().Count);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    // Bare repositories (and staging folders) in one temporary folder, removed at the end of the test.
    private sealed class TempRepositories : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"spaces-staging-tests-{Guid.NewGuid():N}");

        public Task<GitRepository> NewAsync() => GitRepository.InitAsync(Path.Combine(Root, Guid.NewGuid().ToString("N")));

        public void Dispose()
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
