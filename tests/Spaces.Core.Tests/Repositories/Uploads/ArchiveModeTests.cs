using System.Formats.Tar;
using System.Text;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.Core.Repositories.Uploads;
using Spaces.TestSupport;

namespace Spaces.Core.Tests.Repositories.Uploads;

/// <summary>
/// Modes from archives, committed into a real git repository and read back with <c>git ls-tree</c>: an entry with an execute bit
/// becomes 100755, any other 100644; a zip entry without Unix attributes keeps the mode of the file it replaces.
/// </summary>
public sealed class ArchiveModeTests : IDisposable
{
    private const int UnixFile = 0x8000;

    // As a zip made on Windows: .NET on Unix gives new entries 0644 unless told otherwise.
    private const int NoUnixAttributes = 0;
    private static readonly CommitAuthor _author = new("Ada", "ada@example.test");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"spaces-archive-modes-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Zip_entries_made_on_unix_keep_their_execute_bit()
    {
        var (git, gitDir) = await NewRepositoryAsync();
        var zip = Archives.Zip(
            ("run.sh", Bytes("#!/bin/sh\necho run\n"), UnixFile | 0x1ED), // 0755
            ("tools/owner-only", Bytes("#!/bin/sh\n"), UnixFile | 0x1C0), // 0700
            ("notes.txt", Bytes("plain\n"), UnixFile | 0x1A4), // 0644
            ("windows.txt", Bytes("no unix attributes\n"), NoUnixAttributes));

        var commit = await CommitArchiveAsync(git, zip, "site.zip", ArchiveFormat.Zip);
        var tree = GitCli.LsTree(gitDir, commit);

        Assert.Equal("100755", tree["run.sh"].Mode);
        Assert.Equal("100755", tree["tools/owner-only"].Mode);
        Assert.Equal("100644", tree["notes.txt"].Mode);
        Assert.Equal("100644", tree["windows.txt"].Mode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tar_entries_keep_their_execute_bit(bool gzip)
    {
        var (git, gitDir) = await NewRepositoryAsync();
        var script = Archives.TarFile("bin/start.sh", "#!/bin/sh\necho start\n");
        script.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var othersOnly = Archives.TarFile("others.sh", "#!/bin/sh\n");
        othersOnly.Mode = UnixFileMode.UserRead | UnixFileMode.OtherExecute;
        var plain = Archives.TarFile("index.html", "<h1>hi</h1>\n");
        plain.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        var commit = await CommitArchiveAsync(git, Archives.Tar(gzip, Archives.TarFolder("bin/"), script, othersOnly, plain),
            gzip ? "app.tar.gz" : "app.tar", gzip ? ArchiveFormat.TarGzip : ArchiveFormat.Tar);
        var tree = GitCli.LsTree(gitDir, commit);

        Assert.Equal("100755", tree["bin/start.sh"].Mode);
        Assert.Equal("100755", tree["others.sh"].Mode);
        Assert.Equal("100644", tree["index.html"].Mode);
    }

    [Fact]
    public async Task Over_existing_files_the_archive_mode_wins_when_the_archive_says_one()
    {
        var (git, gitDir) = await NewRepositoryAsync();
        var first = await CommitArchiveAsync(git, Archives.Zip(
            ("tool.sh", Bytes("v1\n"), UnixFile | 0x1ED),
            ("keep.sh", Bytes("v1\n"), UnixFile | 0x1ED),
            ("lib.txt", Bytes("v1\n"), UnixFile | 0x1A4)), "v1.zip", ArchiveFormat.Zip);
        Assert.Equal("100755", GitCli.LsTree(gitDir, first)["keep.sh"].Mode);

        var zip = Archives.Zip(
            ("tool.sh", Bytes("v2\n"), UnixFile | 0x1A4), // the archive says 0644: no longer executable
            ("keep.sh", Bytes("v2\n"), NoUnixAttributes), // says nothing: keeps 100755
            ("lib.txt", Bytes("v2\n"), UnixFile | 0x1ED)); // now executable
        var second = GitCli.LsTree(gitDir, await CommitArchiveAsync(git, zip, "v2.zip", ArchiveFormat.Zip));
        var plain = Archives.TarFile("lib.txt", "v3\n");
        plain.Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var third = GitCli.LsTree(gitDir, await CommitArchiveAsync(git, Archives.Tar(gzip: true, plain), "v3.tar.gz", ArchiveFormat.TarGzip));

        Assert.Equal("100644", second["tool.sh"].Mode);
        Assert.Equal("100755", second["keep.sh"].Mode);
        Assert.Equal("v2\n", GitCli.Run(gitDir, "cat-file", "blob", second["keep.sh"].Oid));
        Assert.Equal("100755", second["lib.txt"].Mode);
        Assert.Equal("100644", third["lib.txt"].Mode);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "symbolic and hard links are not allowed")]
    [InlineData(TarEntryType.HardLink, "symbolic and hard links are not allowed")]
    public async Task A_tar_link_is_refused_and_nothing_is_committed(TarEntryType type, string reason)
    {
        var (git, gitDir) = await NewRepositoryAsync();
        var before = await CommitArchiveAsync(git, Archives.Zip(("index.html", "<h1>hi</h1>")), "v1.zip", ArchiveFormat.Zip);
        var tar = Archives.Tar(gzip: false, Archives.TarFile("ok.txt", "fine\n"), Archives.TarSpecial(type, "escape"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => CommitArchiveAsync(git, tar, "links.tar", ArchiveFormat.Tar));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("links.tar:escape", problem.Message);
        Assert.Contains(reason, problem.Message);
        Assert.Equal(before, await git.ResolveAsync("main"));
        Assert.Equal(["index.html"], GitCli.LsTree(gitDir, "main").Keys);
    }

    [Fact]
    public async Task A_zip_symlink_is_refused_and_nothing_is_committed()
    {
        var (git, gitDir) = await NewRepositoryAsync();
        var before = await CommitArchiveAsync(git, Archives.Zip(("index.html", "<h1>hi</h1>")), "v1.zip", ArchiveFormat.Zip);
        var zip = Archives.Zip(("ok.txt", Bytes("fine\n"), UnixFile | 0x1A4), ("out", Bytes("/etc/passwd"), Archives.UnixSymlink | 0x1FF));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => CommitArchiveAsync(git, zip, "links.zip", ArchiveFormat.Zip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("'links.zip:out' cannot be uploaded: symbolic links are not allowed in archives", problem.Message);
        Assert.Equal(before, await git.ResolveAsync("main"));
        Assert.Equal(["index.html"], GitCli.LsTree(gitDir, "main").Keys);
    }

    private async Task<(GitRepository Git, string GitDir)> NewRepositoryAsync()
    {
        var gitDir = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        return (await GitRepository.InitAsync(gitDir), gitDir);
    }

    // As an upload does: unpack into a staging that writes blobs into the repository, then one commit of its operations.
    private async Task<string> CommitArchiveAsync(GitRepository git, byte[] archive, string name, ArchiveFormat format)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, $"{Guid.NewGuid():N}-{name}");
        await File.WriteAllBytesAsync(path, archive);
        using var staging = new UploadStaging(new UploadLimits(), _root, git);
        await ArchiveUnpacker.UnpackAsync(path, format, name, null, staging);
        var result = await git.CommitAsync(new CommitRequest($"Upload {name}", _author, staging.Operations));
        return result.CommitId;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
