using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.TestSupport;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>
/// File modes on the Files tab: an executable from a tar.gz upload and a pushed symbolic link are marked in the listing and on the
/// file page, and the editor's "Executable" checkbox commits 100755 and back to 100644 (as <c>git ls-tree</c> of the real repository
/// shows); readers get 403, strangers to a private Space 404, a stale form 412, and none of them changes anything. A pushed script and
/// link keep their modes through the Files tab's rename, the editor's save and an upload over the API.
/// </summary>
public sealed class FilesTabModesTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"spaces-exec-{Guid.NewGuid():N}");

    public FilesTabModesTests() => _kit = new SpacePageKit(_factory);

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
    public async Task An_uploaded_executable_and_a_pushed_link_are_marked_in_the_listing_and_on_their_pages()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "marked");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Add the tools"), "summary" },
            { new ByteArrayContent(TarGz(("run.sh", "#!/bin/sh\necho run\n", Convert.ToInt32("755", 8)), ("data.txt", "plain\n", Convert.ToInt32("644", 8)))), "archive", "tools.tar.gz" },
        };
        var upload = await adaApi.PostAsync("/api/spaces/ada/marked/upload/main", form);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        var gitDir = await PushLinkAsync("ada", "marked", "latest", "run.sh");

        var listing = await SpacePageKit.GetAsync(ada, "/spaces/ada/marked/files/main");
        var script = await SpacePageKit.GetAsync(ada, "/spaces/ada/marked/files/main/run.sh");
        var link = await SpacePageKit.GetAsync(ada, "/spaces/ada/marked/files/main/latest");
        var plain = await SpacePageKit.GetAsync(_kit.Anonymous(), "/spaces/ada/marked/files/main/data.txt");

        var tree = GitCli.LsTree(gitDir, "main");
        Assert.Equal("100755", tree["run.sh"].Mode);
        Assert.Equal("100644", tree["data.txt"].Mode);
        Assert.Equal("120000", tree["latest"].Mode);
        Assert.Equal(1, Count(listing, "data-testid=\"mode-executable\""));
        Assert.Matches("run\\.sh<span class=\"visually-hidden\"></span></span>\\s*<span[^>]*data-testid=\"mode-executable\">executable</span>", listing);
        Assert.Matches("latest<span class=\"visually-hidden\"></span></span>\\s*<span[^>]*data-testid=\"mode-symlink\">symlink → <span class=\"font-monospace\">run.sh</span>", listing);
        Assert.Contains("data-testid=\"mode-executable\">executable</span>", script);
        Assert.DoesNotContain("mode-symlink", script);
        Assert.Contains("data-testid=\"mode-symlink\">symlink → <span class=\"font-monospace\">run.sh</span>", link);
        Assert.DoesNotContain("mode-executable", plain);
        Assert.DoesNotContain("mode-symlink", plain);
        // The Hub's tree API has no mode field: entries say file or directory, as Hugging Face's do.
        var entries = await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/marked/tree/main");
        Assert.All(entries.EnumerateArray(), e => Assert.Equal(["type", "oid", "size", "path"], e.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task The_executable_checkbox_commits_100755_and_back_to_100644_with_or_without_an_edit()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var head = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "toggled");
        var gitDir = await GitDirAsync("ada", "toggled");
        const string page = "/spaces/ada/toggled/edit/main/index.html";
        const string original = "<h1>Hello from the app</h1>\n<p>line two</p>\n";
        var editor = await SpacePageKit.GetAsync(ada, page);
        Assert.Matches("<input id=\"editor-executable\" type=\"checkbox\"[^>]*data-testid=\"editor-executable\"", editor);
        Assert.DoesNotMatch("<input id=\"editor-executable\"[^>]*checked", editor);

        var made = await UiKit.PostFormAsync(ada, page, "file-edit", new()
        {
            ["Input.Content"] = original, ["Input.Parent"] = head, ["Input.ModeShown"] = "true", ["Input.Executable"] = "true",
        });
        var afterMade = GitCli.LsTree(gitDir, "main");
        var checkedEditor = await SpacePageKit.GetAsync(ada, page);
        var markedPage = await SpacePageKit.GetAsync(ada, "/spaces/ada/toggled/files/main/index.html");
        var cleared = await UiKit.PostFormAsync(ada, page, "file-edit", new()
        {
            ["Input.Content"] = "<h1>Edited</h1>\n", ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "toggled"), ["Input.ModeShown"] = "true",
        });
        var afterCleared = GitCli.LsTree(gitDir, "main");

        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal("100755", afterMade["index.html"].Mode);
        Assert.Equal(original, GitCli.Run(gitDir, "cat-file", "blob", afterMade["index.html"].Oid));
        Assert.Equal("Make index.html executable", GitCli.Run(gitDir, "log", "-1", "--format=%s", "main~1").Trim());
        Assert.Equal(head, GitCli.Run(gitDir, "rev-parse", "main~2").Trim());
        Assert.Matches("<input id=\"editor-executable\"[^>]*checked", checkedEditor);
        Assert.Contains("data-testid=\"mode-executable\">executable</span>", markedPage);
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal("100644", afterCleared["index.html"].Mode);
        Assert.Equal("<h1>Edited</h1>\n", GitCli.Run(gitDir, "cat-file", "blob", afterCleared["index.html"].Oid));
        Assert.Equal("Update index.html", GitCli.Run(gitDir, "log", "-1", "--format=%s", "main").Trim());
    }

    [Fact]
    public async Task Readers_get_403_strangers_to_a_private_space_404_and_a_stale_form_412_and_nothing_changes()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var (bob, _) = await _kit.UserAsync("bob");
        var anonymous = _kit.Anonymous();
        var head = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "shared");
        var hiddenHead = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "hidden", isPrivate: true);
        var executable = new Dictionary<string, string>
        {
            ["Input.Content"] = "<h1>Hello from the app</h1>\n<p>line two</p>\n", ["Input.ModeShown"] = "true", ["Input.Executable"] = "true",
        };

        foreach (var reader in new[] { bob, anonymous })
        {
            Assert.DoesNotContain("editor-executable", await SpacePageKit.GetAsync(reader, "/spaces/ada/shared/edit/main/index.html", HttpStatusCode.Forbidden));
            var tokenPage = reader == anonymous ? "/login" : "/spaces/ada/shared";
            var refused = await UiKit.PostFormAsync(reader, "/spaces/ada/shared/edit/main/index.html", "file-edit",
                new(executable) { ["Input.Parent"] = head }, tokenPage);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("Only those who can write to ada/shared can edit its files. Nothing was changed.", html);
            Assert.DoesNotContain("editor-executable", html);

            var hidden = await UiKit.PostFormAsync(reader, "/spaces/ada/hidden/edit/main/index.html", "file-edit",
                new(executable) { ["Input.Parent"] = hiddenHead }, tokenPage);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        await UiKit.PostFormAsync(ada, "/spaces/ada/shared/edit/main/other.txt", "file-edit", new() { ["Input.Content"] = "meanwhile\n", ["Input.Parent"] = head });
        var moved = await SpacePageKit.HeadAsync(adaApi, "ada", "shared");
        var stale = await UiKit.PostFormAsync(ada, "/spaces/ada/shared/edit/main/index.html", "file-edit", new(executable) { ["Input.Parent"] = head });

        Assert.NotEqual(head, moved);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone committed to main since you opened this file", await stale.Content.ReadAsStringAsync());
        Assert.Equal(moved, await SpacePageKit.HeadAsync(adaApi, "ada", "shared"));
        Assert.Equal(hiddenHead, await SpacePageKit.HeadAsync(adaApi, "ada", "hidden"));
        Assert.Equal("100644", GitCli.LsTree(await GitDirAsync("ada", "shared"), "main")["index.html"].Mode);
        Assert.Equal("100644", GitCli.LsTree(await GitDirAsync("ada", "hidden"), "main")["index.html"].Mode);
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
        var afterRename = GitCli.LsTree(gitDir, "main");
        var edited = await UiKit.PostFormAsync(ada, "/spaces/ada/scripted/edit/main/bin/start.sh", "file-edit", new()
        {
            ["Input.Content"] = "#!/bin/sh\necho edited\n",
            ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "scripted"),
        });
        var afterEdit = GitCli.LsTree(gitDir, "main");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Upload the script again"), "summary" },
            { new StringContent("bin"), "path" },
            { new ByteArrayContent("#!/bin/sh\necho uploaded\n"u8.ToArray()), "file", "start.sh" },
            { new ByteArrayContent("#!/bin/sh\necho new\n"u8.ToArray()), "file", "other.sh" },
        };
        var upload = await adaApi.PostAsync("/api/spaces/ada/scripted/upload/main", form);
        var afterUpload = GitCli.LsTree(gitDir, "main");

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("100755", afterRename["bin/start.sh"].Mode);
        Assert.False(afterRename.ContainsKey("start.sh"));
        Assert.Equal("120000", afterRename["current"].Mode);
        Assert.Equal("bin/start.sh", GitCli.Run(gitDir, "cat-file", "blob", afterRename["current"].Oid));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("100755", afterEdit["bin/start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho edited\n", GitCli.Run(gitDir, "cat-file", "blob", afterEdit["bin/start.sh"].Oid));
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        Assert.Equal("100755", afterUpload["bin/start.sh"].Mode);
        Assert.Equal("#!/bin/sh\necho uploaded\n", GitCli.Run(gitDir, "cat-file", "blob", afterUpload["bin/start.sh"].Oid));
        Assert.Equal("100644", afterUpload["bin/other.sh"].Mode);
        Assert.Equal("100644", afterUpload["index.html"].Mode);
    }

    // A user's push: start.sh with mode 755 and a link latest -> bin/start.sh (the path it will have after the rename), then the
    // head recorded as the git endpoint does after a push. Returns the bare repository's folder.

    private async Task<string> GitDirAsync(string owner, string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repo = (await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, owner, name))!;
        return scope.ServiceProvider.GetRequiredService<RepoStorage>().PathOf(repo);
    }

    // A user's push of what add puts into a clone (it returns the paths to add), then the head recorded as the git endpoint does
    // after a push. Returns the bare repository.
    private async Task<string> PushAsync(string owner, string name, string message, Func<string, string[]> add)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var repo = (await repos.FindAsync(RepoType.Space, owner, name))!;
        var gitDir = scope.ServiceProvider.GetRequiredService<RepoStorage>().PathOf(repo);
        Directory.CreateDirectory(_scratch);
        var checkout = Path.Combine(_scratch, name);
        GitCli.Run(_scratch, "clone", "--quiet", gitDir, checkout);
        GitCli.Run(checkout, ["add", .. add(checkout)]);
        GitCli.Run(checkout, "-c", "user.name=Ada", "-c", "user.email=ada@example.test", "commit", "--quiet", "-m", message);
        GitCli.Run(checkout, "push", "--quiet", "origin", "HEAD:main");
        await repos.SyncHeadAsync(repo);
        return gitDir;
    }

    private Task<string> PushLinkAsync(string owner, string name, string link, string target) =>
        PushAsync(owner, name, "Add a link", checkout =>
        {
            File.CreateSymbolicLink(Path.Combine(checkout, link), target);
            return [link];
        });

    private async Task<string> PushScriptAndLinkAsync(string owner, string name)
    {
        var gitDir = await PushAsync(owner, name, "Add the start script", checkout =>
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("This test pushes an executable file: run it on Linux, where git records mode 100755.");
            }

            var script = Path.Combine(checkout, "start.sh");
            File.WriteAllText(script, "#!/bin/sh\necho started\n", Encoding.UTF8);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.CreateSymbolicLink(Path.Combine(checkout, "latest"), "bin/start.sh");
            return ["start.sh", "latest"];
        });
        Assert.Equal("100755", GitCli.LsTree(gitDir, "main")["start.sh"].Mode);
        return gitDir;
    }

    private static byte[] TarGz(params (string Name, string Content, int Mode)[] files)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content, mode) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    Mode = (UnixFileMode)mode,
                });
            }
        }

        return buffer.ToArray();
    }

    private static int Count(string html, string needle) => (html.Length - html.Replace(needle, "", StringComparison.Ordinal).Length) / needle.Length;
}
