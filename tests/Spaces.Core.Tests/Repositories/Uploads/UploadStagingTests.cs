using System.Text;
using Spaces.Core.Problems;
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
    public void Limits_describe_themselves_and_reject_nonsense()
    {
        Assert.Equal("512 MiB", UploadLimits.Describe(new UploadLimits().MaxFileBytes));
        Assert.Equal("5 GiB", UploadLimits.Describe(new UploadLimits().MaxUnpackedBytes));
        Assert.Empty(new UploadLimits().Validate());
        Assert.Equal(2, new UploadLimits { MaxFiles = 0, MaxCompressionRatio = 0.5 }.Validate().Count);
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));
}
