using System.Text;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.TestSupport;

namespace Spaces.Core.Tests.Repositories;

/// <summary>File modes through the commit path, against the real git CLI: replaced content keeps the mode, new files are regular.</summary>
public sealed class GitFileModeTests : IDisposable
{
    private static readonly CommitAuthor Ada = new("Ada", "ada@example.test");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"spaces-git-modes-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static PutFile Put(string path, string content, RepoFileMode? mode = null) =>
        new(path, new MemoryStream(Encoding.UTF8.GetBytes(content)), mode);

    private async Task<GitRepository> PushedRepoAsync()
    {
        var repo = await GitRepository.InitAsync(Path.Combine(_root, "repo.git"));
        await repo.CommitAsync(new("one", Ada, [Put("README.md", "# hi\n")]));
        PushedModes.PushScriptAndLink(repo.Path, Path.Combine(_root, "clone"));
        return repo;
    }

    [Fact]
    public async Task Pushed_modes_are_read_back_by_the_tree_listing()
    {
        var repo = await PushedRepoAsync();

        var files = (await repo.ListTreeAsync("main", recursive: true)).ToDictionary(e => e.Path, e => e.Mode);
        var script = await repo.GetFileAsync("main", "start.sh");

        Assert.Equal("100755", GitCli.LsTree(repo.Path, "main")["start.sh"].Mode);
        Assert.Equal(RepoFileMode.Executable, files["start.sh"]);
        Assert.Equal(RepoFileMode.Symlink, files["latest"]);
        Assert.Equal(RepoFileMode.Regular, files["notes.txt"]);
        Assert.Equal(RepoFileMode.Executable, script!.Mode);
    }

    [Fact]
    public async Task A_pushed_submodule_entry_is_left_out_of_listings_instead_of_breaking_them()
    {
        var repo = await PushedRepoAsync();
        var checkout = Path.Combine(_root, "clone");
        GitCli.Run(checkout, "update-index", "--add", "--cacheinfo", "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib");
        GitCli.Run(checkout, "-c", "user.name=Ada", "-c", "user.email=ada@example.test", "commit", "--quiet", "-m", "submodule");
        GitCli.Run(checkout, "push", "--quiet", "origin", "HEAD:main");

        var all = await repo.ListTreeAsync("main", recursive: true);
        var vendor = await repo.ListTreeAsync("main", "vendor");

        Assert.Equal("160000", GitCli.LsTree(repo.Path, "main")["vendor/lib"].Mode);
        Assert.Contains(all, e => e.Path == "start.sh");
        Assert.DoesNotContain(all, e => e.Path == "vendor/lib");
        Assert.Empty(vendor);
        Assert.Null(await repo.GetFileAsync("main", "vendor/lib"));
    }

    [Fact]
    public async Task Content_replaced_at_the_same_path_keeps_the_executable_bit_and_the_link()
    {
        var repo = await PushedRepoAsync();
        var uploaded = await repo.WriteBlobAsync(new MemoryStream("#!/bin/sh\necho uploaded\n"u8.ToArray()));

        var edit = await repo.CommitAsync(new("edit", Ada, [Put("start.sh", "#!/bin/sh\necho edited\n"), Put("latest", "notes.txt")]));
        var afterEdit = GitCli.LsTree(repo.Path, edit.CommitId);
        var upload = await repo.CommitAsync(new("upload", Ada, [new PutBlob("start.sh", uploaded)]));
        var afterUpload = GitCli.LsTree(repo.Path, upload.CommitId);

        Assert.Equal("100755", afterEdit["start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho edited\n", GitCli.Run(repo.Path, "cat-file", "blob", afterEdit["start.sh"].Oid));
        Assert.Equal("120000", afterEdit["latest"].Mode);
        Assert.Equal("notes.txt", GitCli.Run(repo.Path, "cat-file", "blob", afterEdit["latest"].Oid));
        Assert.Equal(("100755", uploaded), afterUpload["start.sh"]);
        Assert.Equal("100644", afterUpload["notes.txt"].Mode);
    }

    [Fact]
    public async Task New_files_are_regular_unless_a_mode_is_named_and_a_deleted_then_added_path_is_new()
    {
        var repo = await PushedRepoAsync();

        var result = await repo.CommitAsync(new("add", Ada,
        [
            Put("new.sh", "#!/bin/sh\n"),
            Put("tools/run.sh", "#!/bin/sh\n", RepoFileMode.Executable),
            Put("notes.txt", "now a script\n", RepoFileMode.Executable),
            new DeleteFile("start.sh"),
            Put("start.sh", "#!/bin/sh\necho replaced\n"),
        ]));
        var tree = GitCli.LsTree(repo.Path, result.CommitId);

        Assert.Equal("100644", tree["new.sh"].Mode);
        Assert.Equal("100755", tree["tools/run.sh"].Mode);
        Assert.Equal("100755", tree["notes.txt"].Mode);
        Assert.Equal("100644", tree["start.sh"].Mode);
        Assert.Equal("120000", tree["latest"].Mode);
    }

    [Fact]
    public async Task An_undefined_mode_is_refused_and_nothing_is_written()
    {
        var repo = await PushedRepoAsync();
        var head = await repo.ResolveAsync("main");

        await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(new("bad", Ada, [Put("x.sh", "x", (RepoFileMode)7)])));

        Assert.Equal(head, await repo.ResolveAsync("main"));
    }
}
