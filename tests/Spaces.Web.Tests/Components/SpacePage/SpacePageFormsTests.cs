using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>The Space page's forms posted like a browser without JavaScript: each changes state, or shows why not and changes nothing.</summary>
public sealed class SpacePageFormsTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;

    public SpacePageFormsTests() => _kit = new SpacePageKit(_factory);

    public void Dispose()
    {
        _kit.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Editing_a_file_commits_it_and_a_stale_editor_saves_nothing()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var head = await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "editable");
        const string page = "/spaces/ada/editable/edit/main/index.html";
        var editor = await SpacePageKit.GetAsync(ada, page);
        Assert.Contains("&lt;h1&gt;Hello from the app&lt;/h1&gt;", editor);

        var saved = await UiKit.PostFormAsync(ada, page, "file-edit", new()
        {
            ["Input.Content"] = "<h1>Edited</h1>\r\n<p>in the browser</p>\r\n",
            ["Input.Parent"] = head,
            ["Input.Summary"] = "Say something else",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/spaces/ada/editable/files/main/index.html", saved.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        Assert.Equal("<h1>Edited</h1>\n<p>in the browser</p>\n", await adaApi.GetStringAsync("/spaces/ada/editable/resolve/main/index.html"));
        Assert.Contains("Say something else", await SpacePageKit.GetAsync(ada, "/spaces/ada/editable/commits"));

        // The form still names the old head: someone committed meanwhile.
        var stale = await UiKit.PostFormAsync(ada, page, "file-edit", new()
        {
            ["Input.Content"] = "lost?",
            ["Input.Parent"] = head,
        });
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("Someone committed to main since you opened this file", html);
        Assert.Contains("lost?", html);
        Assert.Equal("<h1>Edited</h1>\n<p>in the browser</p>\n", await adaApi.GetStringAsync("/spaces/ada/editable/resolve/main/index.html"));
    }

    [Fact]
    public async Task Variables_are_added_and_deleted_and_a_bad_name_changes_nothing()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "vars");
        const string page = "/spaces/ada/vars/settings";

        var added = await UiKit.PostFormAsync(ada, page, "settings-variable", new() { ["Variable.Key"] = "MODEL_ID", ["Variable.Value"] = "gutenye/ocr" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("Variable MODEL_ID saved.", await added.Content.ReadAsStringAsync());
        var variables = await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/vars/variables");
        Assert.Equal("gutenye/ocr", variables.GetProperty("MODEL_ID").GetProperty("value").GetString());

        var bad = await UiKit.PostFormAsync(ada, page, "settings-variable", new() { ["Variable.Key"] = "not a name!", ["Variable.Value"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-testid=\"notice-variables\"", await bad.Content.ReadAsStringAsync());
        Assert.Single((await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/vars/variables")).EnumerateObject());

        var deleted = await UiKit.PostFormAsync(ada, page, "variable-delete-MODEL_ID", []);
        Assert.Contains("Variable MODEL_ID deleted.", await deleted.Content.ReadAsStringAsync());
        Assert.Empty((await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/vars/variables")).EnumerateObject());
    }

    [Fact]
    public async Task A_secret_value_is_never_shown_back()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "secrets");
        const string page = "/spaces/ada/secrets/settings";
        const string value = "sk-very-secret-value-4711";

        var saved = await UiKit.PostFormAsync(ada, page, "settings-secret", new() { ["Secret.Key"] = "API_KEY", ["Secret.Value"] = value });
        var answer = await saved.Content.ReadAsStringAsync();
        var later = await SpacePageKit.GetAsync(ada, page);

        Assert.Contains("Secret API_KEY saved.", answer);
        Assert.DoesNotContain(value, answer);
        Assert.Contains("API_KEY", later);
        Assert.DoesNotContain(value, later);
        var secrets = await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/secrets/secrets");
        Assert.Equal("API_KEY", secrets[0].GetProperty("key").GetString());

        var refused = await UiKit.PostFormAsync(ada, page, "settings-secret", new() { ["Secret.Key"] = "BAD KEY", ["Secret.Value"] = value });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(value, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deleting_needs_the_typed_name()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "doomed");
        const string page = "/spaces/ada/doomed/settings";

        var wrong = await UiKit.PostFormAsync(ada, page, "settings-delete", new() { ["Delete.Confirm"] = "doomed" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Type ada/doomed exactly", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("/api/spaces/ada/doomed")).StatusCode);

        var right = await UiKit.PostFormAsync(ada, page, "settings-delete", new() { ["Delete.Confirm"] = "ada/doomed" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adaApi.GetAsync("/api/spaces/ada/doomed")).StatusCode);
    }

    [Fact]
    public async Task Visibility_rename_and_duplicate_change_the_Space_and_bad_input_is_explained()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var (bob, _) = await _kit.UserAsync("bob");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "first");

        var hidden = await UiKit.PostFormAsync(ada, "/spaces/ada/first/settings", "settings-visibility", new() { ["Visibility.Value"] = "private" });
        Assert.Contains("This Space is now private.", await hidden.Content.ReadAsStringAsync());
        await SpacePageKit.GetAsync(bob, "/spaces/ada/first", HttpStatusCode.NotFound);
        await UiKit.PostFormAsync(ada, "/spaces/ada/first/settings", "settings-visibility", new() { ["Visibility.Value"] = "public" });
        await SpacePageKit.GetAsync(bob, "/spaces/ada/first");

        var badName = await UiKit.PostFormAsync(ada, "/spaces/ada/first/settings", "settings-rename", new() { ["Rename.Name"] = "a--b" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("data-testid=\"notice-rename\"", await badName.Content.ReadAsStringAsync());
        var renamed = await UiKit.PostFormAsync(ada, "/spaces/ada/first/settings", "settings-rename", new() { ["Rename.Name"] = "second" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        await SpacePageKit.GetAsync(ada, "/spaces/ada/second/settings");
        await SpacePageKit.GetAsync(ada, "/spaces/ada/first", HttpStatusCode.NotFound);

        var copy = await UiKit.PostFormAsync(bob, "/spaces/ada/second", "space-duplicate",
            new() { ["DuplicateInput.Owner"] = "bob", ["DuplicateInput.Name"] = "my-copy", ["DuplicateInput.Visibility"] = "public" });
        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        Assert.Contains("Demo app", await SpacePageKit.GetAsync(bob, "/spaces/bob/my-copy"));

        var notYours = await UiKit.PostFormAsync(bob, "/spaces/ada/second", "space-duplicate",
            new() { ["DuplicateInput.Owner"] = "ada", ["DuplicateInput.Name"] = "sneaky", ["DuplicateInput.Visibility"] = "public" });
        Assert.Equal(HttpStatusCode.Forbidden, notYours.StatusCode);
        Assert.Contains("Could not duplicate", await notYours.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_hardware_or_a_too_short_sleep_time_is_refused()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "hw");
        const string page = "/spaces/ada/hw/settings";

        var flavor = await UiKit.PostFormAsync(ada, page, "settings-hardware", new() { ["Hardware.Flavor"] = "quantum-xl", ["Hardware.SleepTime"] = "3600" });
        var sleep = await UiKit.PostFormAsync(ada, page, "settings-hardware", new() { ["Hardware.Flavor"] = "cpu-basic", ["Hardware.SleepTime"] = "5" });

        Assert.Equal(HttpStatusCode.BadRequest, flavor.StatusCode);
        Assert.Contains("Unknown hardware", await flavor.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, sleep.StatusCode);
        Assert.Contains("at least one minute", await sleep.Content.ReadAsStringAsync());
        var before = await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/hw/runtime");
        Assert.NotEqual("5", before.GetProperty("gcTimeout").ToString());

        var saved = await UiKit.PostFormAsync(ada, page, "settings-hardware", new() { ["Hardware.Flavor"] = "cpu-basic", ["Hardware.SleepTime"] = "7200" });
        Assert.Contains("sleeps after 2 hour(s)", await saved.Content.ReadAsStringAsync());
        var after = await adaApi.GetFromJsonAsync<JsonElement>("/api/spaces/ada/hw/runtime");
        Assert.Equal(7200, after.GetProperty("gcTimeout").GetInt32());
    }
}
