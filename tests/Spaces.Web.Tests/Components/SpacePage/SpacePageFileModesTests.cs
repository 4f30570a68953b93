using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.TestSupport;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>
/// An executable script and a symbolic link pushed with git keep their modes through the Files tab's rename, the web editor's
/// save and an upload over the API, as <c>git ls-tree</c> of the real repository shows.
/// </summary>
public sealed class SpacePageFileModesTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"spaces-modes-{Guid.NewGuid():N}");

    public SpacePageFileModesTests() => _kit = new SpacePageKit(_factory);

    public void Dispose()
    {
        _kit.Dispose();
        _factory.Dispose();
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public async Task Renaming_editing_and_uploading_over_a_pushed_script_keep_its_executable_bit_and_a_renamed_link_stays_a_link()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "scripted");
        var gitDir = await PushScriptAndLinkAsync("ada", "scripted");

        var renamed = await UiKit.PostFormAsync(ada, "/spaces/ada/scripted/rename/main/start.sh", "file-rename",
            new() { ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "scripted"), ["Input.NewPath"] = "bin/start.sh" });
        var link = await UiKit.PostFormAsync(ada, "/spaces/ada/scripted/rename/main/latest", "file-rename",
            new() { ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "scripted"), ["Input.NewPath"] = "current" });
        var afterRename = LsTree(gitDir);
        var edited = await UiKit.PostFormAsync(ada, "/spaces/ada/scripted/edit/main/bin/start.sh", "file-edit", new()
        {
            ["Input.Content"] = "#!/bin/sh\necho edited\n",
            ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "scripted"),
        });
        var afterEdit = LsTree(gitDir);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Upload the script again"), "summary" },
            { new StringContent("bin"), "path" },
            { new ByteArrayContent("#!/bin/sh\necho uploaded\n"u8.ToArray()), "file", "start.sh" },
            { new ByteArrayContent("#!/bin/sh\necho new\n"u8.ToArray()), "file", "other.sh" },
        };
        var upload = await adaApi.PostAsync("/api/spaces/ada/scripted/upload/main", form);
        var afterUpload = LsTree(gitDir);

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("100755", afterRename["bin/start.sh"].Mode);
        Assert.False(afterRename.ContainsKey("start.sh"));
        Assert.Equal("120000", afterRename["current"].Mode);
        Assert.Equal("bin/start.sh", Git(gitDir, "cat-file", "blob", afterRename["current"].Oid));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("100755", afterEdit["bin/start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho edited\n", Git(gitDir, "cat-file", "blob", afterEdit["bin/start.sh"].Oid));
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        Assert.Equal("100755", afterUpload["bin/start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho uploaded\n", Git(gitDir, "cat-file", "blob", afterUpload["bin/start.sh"].Oid));
        Assert.Equal("100644", afterUpload["bin/other.sh"].Mode);
        Assert.Equal("100644", afterUpload["index.html"].Mode);
    }

    // A user's push: start.sh with mode 755 and a link latest -> bin/start.sh (the path it will have after the rename), then the
    // head recorded as the git endpoint does after a push. Returns the bare repository's folder.
    private async Task<string> PushScriptAndLinkAsync(string owner, string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var repo = (await repos.FindAsync(RepoType.Space, owner, name))!;
        var gitDir = scope.ServiceProvider.GetRequiredService<RepoStorage>().PathOf(repo);
        Directory.CreateDirectory(_scratch);
        var checkout = Path.Combine(_scratch, "clone");
        Git(_scratch, "clone", "--quiet", gitDir, checkout);
        var script = Path.Combine(checkout, "start.sh");
        File.WriteAllText(script, "#!/bin/sh\necho started\n", Encoding.UTF8);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("This test pushes an executable file: run it on Linux, where git records mode 100755.");
        }

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.CreateSymbolicLink(Path.Combine(checkout, "latest"), "bin/start.sh");
        Git(checkout, "add", "start.sh", "latest");
        Git(checkout, "-c", "user.name=Ada", "-c", "user.email=ada@example.test", "commit", "--quiet", "-m", "Add the start script");
        Git(checkout, "push", "--quiet", "origin", "HEAD:main");
        Assert.Equal("100755", LsTree(gitDir)["start.sh"].Mode);
        await repos.SyncHeadAsync(repo);
        return gitDir;
    }

    private static Dictionary<string, (string Mode, string Oid)> LsTree(string gitDir) => GitCli.LsTree(gitDir, "main");

    private static string Git(string workingDirectory, params string[] args) => GitCli.Run(workingDirectory, args);
}
