using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>
/// Deleting and renaming one file from the Files tab, posted like a browser without JavaScript: each is one commit through the
/// Core services, bad input and a stale page change nothing and say why, and those who cannot write see no controls and are refused.
/// </summary>
public sealed class SpacePageFileChangesTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;

    public SpacePageFileChangesTests() => _kit = new SpacePageKit(_factory);

    public void Dispose()
    {
        _kit.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Deleting_asks_first_then_commits_Delete_path_and_shows_the_nearest_folder_left()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "tidy");
        await UploadAsync(adaApi, "tidy", "static", ("app.js", "console.log('hi');\n"));
        await UploadAsync(adaApi, "tidy", "docs/deep", ("notes.md", "# Notes\n"));

        var view = await SpacePageKit.GetAsync(ada, "/spaces/ada/tidy/files/main/index.html");
        Assert.Contains("href=\"/spaces/ada/tidy/delete/main/index.html\"", view);
        Assert.Contains("href=\"/spaces/ada/tidy/rename/main/index.html\"", view);
        var confirm = await SpacePageKit.GetAsync(ada, "/spaces/ada/tidy/delete/main/index.html");
        Assert.Contains("data-testid=\"file-delete-form\"", confirm);
        Assert.Contains("Delete the file", confirm);
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("/spaces/ada/tidy/resolve/main/index.html")).StatusCode);

        var head = await SpacePageKit.HeadAsync(adaApi, "ada", "tidy");
        var deleted = await UiKit.PostFormAsync(ada, "/spaces/ada/tidy/delete/main/index.html", "file-delete", new() { ["Input.Parent"] = head });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/spaces/ada/tidy/files/main/", PathOf(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await adaApi.GetAsync("/spaces/ada/tidy/resolve/main/index.html")).StatusCode);
        var last = await LastCommitAsync(adaApi, "tidy");
        Assert.Equal("Delete index.html", last.GetProperty("title").GetString());
        Assert.Equal([head], last.GetProperty("parents").EnumerateArray().Select(p => p.GetString()));

        // The only file of static/ and of docs/deep/: the folders go with them, so the page shows the nearest one left.
        var inFolder = await UiKit.PostFormAsync(ada, "/spaces/ada/tidy/delete/main/static/app.js", "file-delete",
            new() { ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "tidy"), ["Input.Summary"] = "Drop the script" });
        Assert.Equal("/spaces/ada/tidy/files/main/", PathOf(inFolder));
        Assert.Equal("Drop the script", (await LastCommitAsync(adaApi, "tidy")).GetProperty("title").GetString());
        await UploadAsync(adaApi, "tidy", "docs", ("index.md", "# Docs\n"));
        var deep = await UiKit.PostFormAsync(ada, "/spaces/ada/tidy/delete/main/docs/deep/notes.md", "file-delete",
            new() { ["Input.Parent"] = await SpacePageKit.HeadAsync(adaApi, "ada", "tidy") });
        Assert.Equal("/spaces/ada/tidy/files/main/docs", PathOf(deep));
        Assert.Contains("index.md", await SpacePageKit.GetAsync(ada, PathOf(deep)));
    }

    [Fact]
    public async Task Renaming_moves_the_content_to_the_new_path_in_one_commit()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "moving");
        var content = await adaApi.GetStringAsync("/spaces/ada/moving/resolve/main/index.html");
        var form = await SpacePageKit.GetAsync(ada, "/spaces/ada/moving/rename/main/index.html");
        Assert.Contains("name=\"Input.NewPath\"", form);
        Assert.Contains("value=\"index.html\"", form);

        var head = await SpacePageKit.HeadAsync(adaApi, "ada", "moving");
        var renamed = await UiKit.PostFormAsync(ada, "/spaces/ada/moving/rename/main/index.html", "file-rename",
            new() { ["Input.Parent"] = head, ["Input.NewPath"] = " pages/home page.html " });

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("/spaces/ada/moving/files/main/pages/home%20page.html", PathOf(renamed));
        Assert.Equal(content, await adaApi.GetStringAsync("/spaces/ada/moving/resolve/main/pages/home%20page.html"));
        Assert.Equal(HttpStatusCode.NotFound, (await adaApi.GetAsync("/spaces/ada/moving/resolve/main/index.html")).StatusCode);
        var last = await LastCommitAsync(adaApi, "moving");
        Assert.Equal("Rename index.html to pages/home page.html", last.GetProperty("title").GetString());
        Assert.Equal([head], last.GetProperty("parents").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("Hello from the app", await SpacePageKit.GetAsync(ada, PathOf(renamed)));
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "the path is empty")]
    [InlineData("../outside.html", HttpStatusCode.BadRequest, "&#x27;..&#x27; segments are not allowed")]
    [InlineData("/etc/passwd", HttpStatusCode.BadRequest, "absolute paths and backslashes are not allowed")]
    [InlineData("static\\app.html", HttpStatusCode.BadRequest, "absolute paths and backslashes are not allowed")]
    [InlineData(".git/hooks/post-update", HttpStatusCode.BadRequest, "&#x27;.git&#x27; cannot be written")]
    [InlineData("pages/", HttpStatusCode.BadRequest, "cannot end with &#x27;/&#x27;")]
    [InlineData("index.html", HttpStatusCode.BadRequest, "where the file already is")]
    [InlineData("README.md", HttpStatusCode.Conflict, "A file &#x27;README.md&#x27; already exists")]
    [InlineData("static", HttpStatusCode.Conflict, "&#x27;static&#x27; is a folder")]
    [InlineData("README.md/inside.html", HttpStatusCode.BadRequest, "&#x27;README.md&#x27; is a file, not a folder")]
    public async Task A_bad_new_path_is_explained_and_changes_nothing(string newPath, HttpStatusCode status, string message)
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "strict");
        await UploadAsync(adaApi, "strict", "static", ("app.js", "1;\n"));
        var head = await SpacePageKit.HeadAsync(adaApi, "ada", "strict");

        var refused = await UiKit.PostFormAsync(ada, "/spaces/ada/strict/rename/main/index.html", "file-rename",
            new() { ["Input.Parent"] = head, ["Input.NewPath"] = newPath });
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(status, refused.StatusCode);
        Assert.Contains("data-testid=\"file-change-error\"", html);
        Assert.Contains("Nothing was changed", html);
        Assert.Contains(message, html);
        // The form is offered again with what was typed.
        Assert.Contains("data-testid=\"file-rename-form\"", html);
        Assert.Equal(head, await SpacePageKit.HeadAsync(adaApi, "ada", "strict"));
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("/spaces/ada/strict/resolve/main/index.html")).StatusCode);
    }

    [Fact]
    public async Task A_missing_file_or_a_stale_page_changes_nothing_and_says_why()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var first = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "busy");

        var missingPage = await SpacePageKit.GetAsync(ada, "/spaces/ada/busy/delete/main/nope.txt", HttpStatusCode.NotFound);
        Assert.Contains("There is no file &#x27;nope.txt&#x27; at main", missingPage);
        Assert.DoesNotContain("data-testid=\"file-delete-form\"", missingPage);
        await SpacePageKit.GetAsync(ada, "/spaces/ada/busy/rename/main/nope.txt", HttpStatusCode.NotFound);
        await SpacePageKit.GetAsync(ada, "/spaces/ada/busy/rename/main/", HttpStatusCode.BadRequest);
        await SpacePageKit.GetAsync(ada, $"/spaces/ada/busy/delete/{first}/index.html", HttpStatusCode.BadRequest);

        // Posted anyway (a page opened before someone else deleted the file): the commit finds no file.
        var missing = await UiKit.PostFormAsync(ada, "/spaces/ada/busy/delete/main/nope.txt", "file-delete",
            new() { ["Input.Parent"] = first }, tokenPage: "/spaces/ada/busy/files/main/index.html");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("There is no file &#x27;nope.txt&#x27; at main", await missing.Content.ReadAsStringAsync());
        Assert.Equal(first, await SpacePageKit.HeadAsync(adaApi, "ada", "busy"));

        // Someone commits after the pages were opened at `first`.
        await UploadAsync(adaApi, "busy", "", ("other.txt", "meanwhile\n"));
        var second = await SpacePageKit.HeadAsync(adaApi, "ada", "busy");
        var staleDelete = await UiKit.PostFormAsync(ada, "/spaces/ada/busy/delete/main/index.html", "file-delete", new() { ["Input.Parent"] = first });
        var staleRename = await UiKit.PostFormAsync(ada, "/spaces/ada/busy/rename/main/index.html", "file-rename",
            new() { ["Input.Parent"] = first, ["Input.NewPath"] = "moved.html" });

        foreach (var stale in new[] { staleDelete, staleRename })
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            var html = await stale.Content.ReadAsStringAsync();
            Assert.Contains("Someone committed to main since you opened this page", html);
            Assert.Contains($"main is now at {second[..7]}", html);
        }

        Assert.Equal(second, await SpacePageKit.HeadAsync(adaApi, "ada", "busy"));
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("/spaces/ada/busy/resolve/main/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adaApi.GetAsync("/spaces/ada/busy/resolve/main/moved.html")).StatusCode);
    }

    [Fact]
    public async Task Those_who_cannot_write_see_no_controls_and_their_posts_are_refused()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var (bob, _) = await _kit.UserAsync("bob");
        var anonymous = _kit.Anonymous();
        var head = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "shared");
        var hiddenHead = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "hidden", isPrivate: true);

        foreach (var reader in new[] { bob, anonymous })
        {
            var view = await SpacePageKit.GetAsync(reader, "/spaces/ada/shared/files/main/index.html");
            Assert.DoesNotContain("data-testid=\"delete-file\"", view);
            Assert.DoesNotContain("data-testid=\"rename-file\"", view);
            Assert.DoesNotContain("/delete/main/", view);
            var page = await SpacePageKit.GetAsync(reader, "/spaces/ada/shared/delete/main/index.html", HttpStatusCode.Forbidden);
            Assert.Contains("Only those who can write to ada/shared can delete its files.", page);
            Assert.DoesNotContain("data-testid=\"file-delete-form\"", page);
            Assert.Contains("can rename its files", await SpacePageKit.GetAsync(reader, "/spaces/ada/shared/rename/main/index.html", HttpStatusCode.Forbidden));

            var tokenPage = reader == anonymous ? "/login" : "/spaces/ada/shared";
            var delete = await UiKit.PostFormAsync(reader, "/spaces/ada/shared/delete/main/index.html", "file-delete",
                new() { ["Input.Parent"] = head }, tokenPage);
            var rename = await UiKit.PostFormAsync(reader, "/spaces/ada/shared/rename/main/index.html", "file-rename",
                new() { ["Input.Parent"] = head, ["Input.NewPath"] = "taken.html" }, tokenPage);
            foreach (var refused in new[] { delete, rename })
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                var html = await refused.Content.ReadAsStringAsync();
                Assert.Contains("Nothing was changed.", html);
                Assert.DoesNotContain("data-testid=\"file-delete-form\"", html);
                Assert.DoesNotContain("data-testid=\"file-rename-form\"", html);
            }

            // A private Space does not exist for them: 404, as on every other page of it.
            var hidden = await UiKit.PostFormAsync(reader, "/spaces/ada/hidden/delete/main/index.html", "file-delete",
                new() { ["Input.Parent"] = hiddenHead }, tokenPage);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        Assert.Equal(head, await SpacePageKit.HeadAsync(adaApi, "ada", "shared"));
        Assert.Equal(hiddenHead, await SpacePageKit.HeadAsync(adaApi, "ada", "hidden"));
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("/spaces/ada/shared/resolve/main/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adaApi.GetAsync("/spaces/ada/shared/resolve/main/taken.html")).StatusCode);
    }

    /// <summary>Uploads files into a folder of main through the API (as the Files tab's upload panel does).</summary>
    private static async Task UploadAsync(HttpClient api, string name, string folder, params (string Name, string Content)[] files)
    {
        using var form = new MultipartFormDataContent { { new StringContent(folder), "path" }, { new StringContent("Add files"), "summary" } };
        foreach (var (file, content) in files)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", file);
        }

        var upload = await api.PostAsync($"/api/spaces/ada/{name}/upload/main", form);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> LastCommitAsync(HttpClient api, string name) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/spaces/ada/{name}/commits/main"))[0];

    private static string PathOf(HttpResponseMessage redirect) =>
        redirect.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal);
}
