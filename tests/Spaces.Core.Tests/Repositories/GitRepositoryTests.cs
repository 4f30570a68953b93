using System.Diagnostics;
using System.Text;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Tests.Repositories;

/// <summary>Against the real git CLI, in a temporary directory per test class.</summary>
public sealed class GitRepositoryTests : IDisposable
{
    private static readonly CommitAuthor Ada = new("Ada", "ada@example.test");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"spaces-git-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<GitRepository> NewRepoAsync() => GitRepository.InitAsync(Path.Combine(_root, Guid.NewGuid().ToString("N")));

    private static PutFile Put(string path, string content) => new(path, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public async Task First_commit_creates_main_and_files_read_back_at_that_revision()
    {
        var repo = await NewRepoAsync();

        var result = await repo.CommitAsync(new("Initial commit", Ada, [Put("README.md", "# hi\n"), Put("src/app.py", "print(1)\n")]));

        Assert.True(result.Changed);
        Assert.Null(result.ParentId);
        Assert.Equal(result.CommitId, await repo.ResolveAsync("main"));
        Assert.Equal("# hi\n", Encoding.UTF8.GetString((await repo.ReadFileAsync("main", "README.md"))!));
        Assert.Equal("print(1)\n", Encoding.UTF8.GetString((await repo.ReadFileAsync(result.CommitId, "src/app.py"))!));
        Assert.Null(await repo.ReadFileAsync("main", "missing.txt"));
    }

    [Fact]
    public async Task A_stale_expected_parent_is_refused_and_nothing_is_written()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", "1")]));
        var second = await repo.CommitAsync(new("two", Ada, [Put("a.txt", "2")], ExpectedParent: first.CommitId));

        var conflict = await Assert.ThrowsAsync<RepoConflictException>(
            () => repo.CommitAsync(new("three", Ada, [Put("b.txt", "3")], ExpectedParent: first.CommitId)));

        Assert.Equal(second.CommitId, conflict.Actual);
        Assert.Equal(second.CommitId, await repo.ResolveAsync("main"));
        Assert.Null(await repo.ReadFileAsync("main", "b.txt"));
        Assert.Equal(2, (await repo.LogAsync("main")).Count);
    }

    [Fact]
    public async Task Deletes_of_files_and_folders_are_commits_and_missing_paths_are_errors()
    {
        var repo = await NewRepoAsync();
        await repo.CommitAsync(new("add", Ada, [Put("keep.txt", "k"), Put("dir/a.txt", "a"), Put("dir/sub/b.txt", "b"), Put("x.txt", "x")]));

        await repo.CommitAsync(new("remove", Ada, [new DeleteFolder("dir"), new DeleteFile("x.txt")]));

        var files = await repo.ListTreeAsync("main", recursive: true);
        Assert.Equal(["keep.txt"], files.Select(f => f.Path));
        await Assert.ThrowsAsync<RepoEntryNotFoundException>(() => repo.CommitAsync(new("again", Ada, [new DeleteFile("x.txt")])));
        await Assert.ThrowsAsync<RepoEntryNotFoundException>(() => repo.CommitAsync(new("again", Ada, [new DeleteFolder("dir")])));
    }

    [Fact]
    public async Task A_commit_that_changes_nothing_makes_no_commit()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", "same")]));

        var again = await repo.CommitAsync(new("same again", Ada, [Put("a.txt", "same")]));

        Assert.False(again.Changed);
        Assert.Equal(first.CommitId, again.CommitId);
        Assert.Single(await repo.LogAsync("main"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData(".git/config")]
    [InlineData("a//b")]
    [InlineData("dir\\file")]
    public async Task Paths_outside_the_repository_are_refused_before_anything_is_written(string path)
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", "1")]));

        await Assert.ThrowsAsync<InvalidRepoPathException>(() => repo.CommitAsync(new("bad", Ada, [Put("ok.txt", "fine"), Put(path, "evil")])));

        Assert.Equal(first.CommitId, await repo.ResolveAsync("main"));
    }

    [Fact]
    public async Task A_file_cannot_become_a_folder_in_a_commit_and_nothing_is_written()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("README.md", "# hi")]));

        var error = await Assert.ThrowsAsync<InvalidRepoPathException>(() => repo.CommitAsync(new("bad", Ada, [Put("README.md/x.txt", "x")])));

        Assert.Contains("'README.md' is a file", error.Message);
        Assert.Equal(first.CommitId, await repo.ResolveAsync("main"));
        Assert.Equal("# hi", Encoding.UTF8.GetString((await repo.ReadFileAsync("main", "README.md"))!));
    }

    [Fact]
    public async Task A_commit_over_the_repository_quota_is_refused_and_nothing_is_written()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", new string('a', 600))]));

        var error = await Assert.ThrowsAsync<RepoQuotaExceededException>(
            () => repo.CommitAsync(new("two", Ada, [Put("b.txt", new string('b', 500))], MaxRepoBytes: 1000)));

        Assert.Equal((1100L, 1000L), (error.Size, error.Max));
        Assert.Equal(first.CommitId, await repo.ResolveAsync("main"));
        var replaced = await repo.CommitAsync(new("shrink", Ada, [Put("a.txt", "small"), Put("b.txt", new string('b', 500))], MaxRepoBytes: 1000));
        Assert.True(replaced.Changed);
    }

    [Fact]
    public async Task Files_staged_on_disk_are_hashed_in_one_batch_with_the_same_ids_as_streams()
    {
        var repo = await NewRepoAsync();
        var staged = Path.Combine(_root, "staged");
        Directory.CreateDirectory(staged);
        var puts = new List<CommitOperation>();
        for (var i = 0; i < 50; i++)
        {
            var file = Path.Combine(staged, $"f{i}.txt");
            await File.WriteAllTextAsync(file, $"content {i}\n");
            puts.Add(new PutFile($"dir/f{i}.txt", File.OpenRead(file)));
        }

        puts.Add(Put("dir/from-memory.txt", "content 7\n"));
        await repo.CommitAsync(new("batch", Ada, puts));
        foreach (var put in puts.OfType<PutFile>())
        {
            await put.Content.DisposeAsync();
        }

        var files = await repo.ListTreeAsync("main", "dir");
        Assert.Equal(51, files.Count);
        Assert.Equal(files.Single(f => f.Path == "dir/f7.txt").Oid, files.Single(f => f.Path == "dir/from-memory.txt").Oid);
        Assert.Equal("content 42\n", Encoding.UTF8.GetString((await repo.ReadFileAsync("main", "dir/f42.txt"))!));
    }

    [Fact]
    public async Task Tree_lists_a_folder_with_sizes_and_subfolders()
    {
        var repo = await NewRepoAsync();
        await repo.CommitAsync(new("add", Ada, [Put("README.md", "12345"), Put("assets/logo.svg", "<svg/>"), Put("assets/css/site.css", "a{}")]));

        var root = await repo.ListTreeAsync("main");
        var assets = await repo.ListTreeAsync("main", "assets");

        Assert.Equal([("README.md", TreeEntryType.File, (long?)5), ("assets", TreeEntryType.Directory, null)],
            root.Select(e => (e.Path, e.Type, e.Size)));
        Assert.Equal([("assets/css", TreeEntryType.Directory, (long?)null), ("assets/logo.svg", TreeEntryType.File, 6)],
            assets.Select(e => (e.Path, e.Type, e.Size)));
        await Assert.ThrowsAsync<RepoEntryNotFoundException>(() => repo.ListTreeAsync("main", "nope"));
        await Assert.ThrowsAsync<RepoEntryNotFoundException>(() => repo.ListTreeAsync("no-such-branch"));
    }

    [Fact]
    public async Task History_and_refs_describe_the_commits()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("Add model card", new("Grace", "grace@example.test"), [Put("README.md", "a")], Description: "Longer text."));
        var second = await repo.CommitAsync(new("Tune", Ada, [Put("README.md", "b")]));

        var log = await repo.LogAsync("main");
        var refs = await repo.ListRefsAsync();

        Assert.Equal([second.CommitId, first.CommitId], log.Select(c => c.Id));
        Assert.Equal([first.CommitId], log[0].Parents);
        Assert.Equal(("Add model card", "Grace", "Add model card\n\nLonger text."), (log[1].Title, log[1].AuthorName, log[1].Message));
        Assert.Equal([new GitRef("main", "branch", second.CommitId)], refs);
    }

    [Fact]
    public async Task Blobs_stream_from_git_and_revisions_with_option_syntax_resolve_to_nothing()
    {
        var repo = await NewRepoAsync();
        var big = new string('x', 3 * 1024 * 1024);
        await repo.CommitAsync(new("big", Ada, [Put("big.txt", big)]));
        var entry = (await repo.GetFileAsync("main", "big.txt"))!;

        await using var stream = repo.OpenBlob(entry.Oid);
        using var reader = new StreamReader(stream);

        Assert.Equal(big.Length, entry.Size);
        Assert.Equal(big, await reader.ReadToEndAsync());
        Assert.Null(await repo.ResolveAsync("--output=/tmp/x"));
        Assert.Null(await repo.ResolveAsync("main..main"));
        Assert.Null(await repo.ResolveAsync("main@{0}"));
    }

    [Fact]
    public async Task A_commit_after_a_git_push_builds_on_the_pushed_head()
    {
        var repo = await NewRepoAsync();
        await repo.CommitAsync(new("one", Ada, [Put("a.txt", "1")]));
        var clone = Path.Combine(_root, "clone");
        Git(_root, "clone", "--quiet", repo.Path, clone);
        File.WriteAllText(Path.Combine(clone, "pushed.txt"), "from git");
        Git(clone, "add", ".");
        Git(clone, "-c", "user.name=P", "-c", "user.email=p@example.test", "commit", "--quiet", "-m", "pushed");
        Git(clone, "push", "--quiet", "origin", "main");

        var after = await repo.CommitAsync(new("api", Ada, [Put("b.txt", "2")]));

        Assert.Equal(["a.txt", "b.txt", "pushed.txt"], (await repo.ListTreeAsync(after.CommitId, recursive: true)).Select(e => e.Path));
    }

    private static void Git(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
