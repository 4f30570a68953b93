using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Tests.Components;

/// <summary>The shared UI pieces rendered with Blazor's HtmlRenderer: stage badges, Space cards, README markdown.</summary>
public sealed partial class SharedComponentTests
{
    [Theory]
    [InlineData(SpaceStage.Running, "Running", "stage-running")]
    [InlineData(SpaceStage.RunningBuilding, "Running · building", "stage-running")]
    [InlineData(SpaceStage.Building, "Building", "stage-progress")]
    [InlineData(SpaceStage.AppStarting, "Starting", "stage-progress")]
    [InlineData(SpaceStage.BuildError, "Build error", "stage-error")]
    [InlineData(SpaceStage.RuntimeError, "Runtime error", "stage-error")]
    [InlineData(SpaceStage.NoAppFile, "No app file", "stage-warning")]
    [InlineData(SpaceStage.Sleeping, "Sleeping", "stage-idle")]
    [InlineData(SpaceStage.Paused, "Paused", "stage-idle")]
    public async Task A_stage_badge_shows_its_label_and_tone_and_carries_the_hub_name_for_live_updates(SpaceStage stage, string label, string tone)
    {
        // The renderer writes non-ASCII text as character references; the assertions read what a browser shows.
        var html = WebUtility.HtmlDecode(await RenderAsync<StageBadge>(new() { [nameof(StageBadge.Stage)] = stage }));

        Assert.Contains($">{label}</span>", html);
        Assert.Contains(tone, html);
        Assert.Contains($"data-stage=\"{stage.ToHubName()}\"", html);
    }

    [Fact]
    public async Task Only_the_live_badge_is_announced_to_screen_readers()
    {
        var live = await RenderAsync<StageBadge>(new() { [nameof(StageBadge.Stage)] = SpaceStage.Building, [nameof(StageBadge.Live)] = true });
        var quiet = await RenderAsync<StageBadge>(new() { [nameof(StageBadge.Stage)] = SpaceStage.Building });

        Assert.Contains("role=\"status\"", live);
        Assert.Contains("aria-live=\"polite\"", live);
        Assert.Contains("data-live-stage", live);
        Assert.DoesNotContain("role=", quiet);
        Assert.DoesNotContain("aria-live", quiet);
        Assert.DoesNotContain("data-live-stage", quiet);
    }

    [Fact]
    public void Every_stage_has_a_look_and_the_live_script_uses_the_same_table()
    {
        var script = File.ReadAllText(Path.Combine(SourceRoot(), "src/Spaces.Web/wwwroot/js/stages.js"));
        var table = StageLinePattern().Matches(script).ToDictionary(m => m.Groups[1].Value, m => (Label: m.Groups[2].Value, Tone: m.Groups[3].Value));

        foreach (var stage in Enum.GetValues<SpaceStage>())
        {
            var look = StageLook.Of(stage);
            Assert.True(table.TryGetValue(stage.ToHubName(), out var js), $"js/stages.js has no entry for {stage.ToHubName()}");
            Assert.Equal((look.Label, look.Tone), js);
        }

        Assert.Equal(Enum.GetValues<SpaceStage>().Length, table.Count);
    }

    [Fact]
    public async Task A_space_card_uses_the_palette_for_its_gradient_and_escapes_the_readme_text()
    {
        var repo = SpaceRepo("""{"title":"<script>alert(1)</script>","emoji":"🦉","colorFrom":"indigo","colorTo":"pink","short_description":"Reads \"lines\" & <b>text</b>"}""");

        var html = await RenderAsync<SpaceCard>(new() { [nameof(SpaceCard.Space)] = SpaceCardModel.From(repo, SpaceStage.Running) });

        Assert.Contains("--card-from: #4f46e5; --card-to: #db2777", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<b>text</b>", html);
        Assert.Contains("href=\"/spaces/ada/ocr-demo\"", html);
        Assert.Contains("🦉", WebUtility.HtmlDecode(html));
        Assert.Contains("data-stage=\"RUNNING\"", html);
    }

    [Fact]
    public async Task A_colour_outside_the_palette_never_reaches_the_style_attribute()
    {
        var repo = SpaceRepo("""{"colorFrom":"red; background:url(https://evil.test/x)","colorTo":"nope"}""");

        var card = SpaceCardModel.From(repo, SpaceStage.Building);
        var html = await RenderAsync<SpaceCard>(new() { [nameof(SpaceCard.Space)] = card });

        Assert.DoesNotContain("evil.test", html);
        Assert.Matches("^#[0-9a-f]{6}$", card.ColorFrom);
        Assert.Matches("^#[0-9a-f]{6}$", card.ColorTo);
        Assert.Equal("ocr-demo", card.Title);
        // Stable: the same name always gets the same fallback colours.
        Assert.Equal(card.ColorFrom, SpaceCardModel.From(repo, SpaceStage.Building).ColorFrom);
    }

    [Fact]
    public void Readme_markdown_shows_raw_html_as_text_and_keeps_only_safe_links()
    {
        var html = ReadmeMarkdown.ToHtml(
            "# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1)) [data](data:text/html,x) [ok](https://example.test/a) " +
            "[file](./config.json) ![pic](images/a.png) [mail](mailto:a@example.test)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "/ada/model/resolve/main/");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("data:text", html);
        Assert.Contains("href=\"https://example.test/a\" rel=\"nofollow noopener\"", html);
        Assert.Contains("href=\"/ada/model/resolve/main/config.json\"", html);
        Assert.Contains("src=\"/ada/model/resolve/main/images/a.png\"", html);
        Assert.Contains("href=\"mailto:a@example.test\"", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<h1 id=\"title\">Title</h1>", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "#")]
    [InlineData(" JavaScript:alert(1)", "#")]
    [InlineData("vbscript:x", "#")]
    [InlineData("//evil.test/x", "#")]
    [InlineData("#section", "#section")]
    [InlineData("/models", "/models")]
    [InlineData("./a/b.txt", "/base/a/b.txt")]
    [InlineData("http://example.test", "http://example.test")]
    public void Safe_urls(string url, string expected) => Assert.Equal(expected, ReadmeMarkdown.SafeUrl(url, "/base/"));

    [Theory]
    [InlineData("running", StageGroup.Running)]
    [InlineData("Error", StageGroup.Error)]
    [InlineData("idle", StageGroup.Idle)]
    [InlineData("1", null)]
    [InlineData("bogus", null)]
    [InlineData(null, null)]
    public void Stage_filter_groups_are_read_from_the_url(string? value, StageGroup? expected) => Assert.Equal(expected, StageLook.ParseGroup(value));

    private static Repo SpaceRepo(string cardJson) => new()
    {
        Name = "ocr-demo",
        NormalizedName = "ocr-demo",
        StorageKey = "k",
        Type = RepoType.Space,
        Owner = new Spaces.Core.Accounts.Account { Name = "ada", NormalizedName = "ada" },
        CardData = cardJson,
        Likes = 3,
        LastModified = DateTime.UtcNow,
    };

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spaces.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Spaces.sln not found above the test's folder.");
    }

    [GeneratedRegex("""([A-Z_]+): \["([^"]+)", "([a-z]+)"\]""")]
    private static partial Regex StageLinePattern();
}
