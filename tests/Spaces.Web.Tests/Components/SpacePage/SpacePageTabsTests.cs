using System.Net;
using System.Net.Http.Json;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>The tabs' server-rendered content: header card, file tree and viewer, history, logs, upload panel.</summary>
public sealed class SpacePageTabsTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;

    public SpacePageTabsTests() => _kit = new SpacePageKit(_factory);

    public void Dispose()
    {
        _kit.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Every_tab_renders_what_the_Space_holds()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var head = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "parrot", title: "Parrot talk");
        var visitor = _kit.Anonymous();

        var app = WebUtility.HtmlDecode(await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot"));
        Assert.Contains("Parrot talk", app);
        Assert.Contains("🦜", app);
        Assert.Contains("grad-green-blue", app);
        Assert.Contains("Says hello", app);

        var tree = await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot/files/main/");
        Assert.Contains("href=\"/spaces/ada/parrot/files/main/README.md\"", tree);
        Assert.Contains("href=\"/spaces/ada/parrot/files/main/index.html\"", tree);
        Assert.DoesNotContain("data-upload-form", tree);

        var file = await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot/files/main/index.html");
        Assert.Contains("id=\"L2\"", file);
        Assert.Contains("&lt;p&gt;line two&lt;/p&gt;", file);
        Assert.Contains("2 lines", file);
        Assert.True(file.Contains("/spaces/ada/parrot/resolve/main/index.html"), file[file.IndexOf("<main", StringComparison.Ordinal)..]);

        var atCommit = await SpacePageKit.GetAsync(visitor, $"/spaces/ada/parrot/files/{head}/index.html");
        Assert.Contains("line two", atCommit);
        var commitPage = await SpacePageKit.GetAsync(visitor, $"/spaces/ada/parrot/commit/{head}");
        Assert.Contains($"href=\"/spaces/ada/parrot/files/{head}/index.html\"", commitPage);

        var missing = await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot/files/main/nope.txt", HttpStatusCode.NotFound);
        Assert.Contains("There is no file or folder", missing);

        var commits = await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot/commits");
        Assert.Contains("Add the app", commits);
        Assert.Contains(head[..7], commits);

        var logs = await SpacePageKit.GetAsync(visitor, "/spaces/ada/parrot/logs");
        Assert.Contains("data-log-view", logs);
        Assert.Contains("data-log-filter", logs);

        var ownerTree = await SpacePageKit.GetAsync(ada, "/spaces/ada/parrot/files/main/");
        Assert.Contains("data-upload-form", ownerTree);
        Assert.Contains($"name=\"parentCommit\" value=\"{head}\"", ownerTree);
    }

    [Fact]
    public async Task Binary_files_are_offered_as_a_download()
    {
        var (_, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "bin");
        using var form = new MultipartFormDataContent { { new ByteArrayContent([0, 1, 2, 3, 0, 255]), "file", "weights.bin" } };
        Assert.True((await adaApi.PostAsync("/api/spaces/ada/bin/upload/main", form)).IsSuccessStatusCode);

        var page = await SpacePageKit.GetAsync(_kit.Anonymous(), "/spaces/ada/bin/files/main/weights.bin");

        Assert.Contains("data-testid=\"file-binary\"", page);
        Assert.Contains("This is a binary file", page);
    }

    [Fact]
    public async Task A_Space_without_files_gets_a_kind_empty_state()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var created = await adaApi.PostAsync("/api/repos/create",
            System.Net.Http.Json.JsonContent.Create(new { name = "empty", type = "space", sdk = "static" }));
        Assert.True(created.IsSuccessStatusCode);

        var files = await SpacePageKit.GetAsync(ada, "/spaces/ada/empty/files/main/");
        var commits = await SpacePageKit.GetAsync(ada, "/spaces/ada/empty/commits");

        Assert.True(files.Contains("data-testid=\"files-empty\"") || files.Contains("data-testid=\"file-tree\""), files);
        Assert.Contains("data-upload-form", files);
        Assert.DoesNotContain("Exception", commits);
    }

    [Fact]
    public async Task Liking_is_a_form_that_counts_once_per_user()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "liked");

        var liked = await UiKit.PostFormAsync(ada, "/spaces/ada/liked", "space-like", new() { ["LikeInput.Like"] = "true" });
        var again = await UiKit.PostFormAsync(ada, "/spaces/ada/liked", "space-like", new() { ["LikeInput.Like"] = "true" });

        Assert.Equal(HttpStatusCode.OK, liked.StatusCode);
        Assert.Contains("aria-pressed=\"true\"", await again.Content.ReadAsStringAsync());
        var info = await adaApi.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/spaces/ada/liked");
        Assert.Equal(1, info.GetProperty("likes").GetInt32());

        var unliked = await UiKit.PostFormAsync(ada, "/spaces/ada/liked", "space-like", new() { ["LikeInput.Like"] = "false" });
        Assert.Contains("aria-pressed=\"false\"", await unliked.Content.ReadAsStringAsync());
    }
}
