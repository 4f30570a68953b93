using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Ui;

/// <summary>A card in the gallery follows its Space's build live: Building turns to Running in place, with no reload.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LiveCardsTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_building_space_card_turns_running_without_a_reload()
    {
        const string owner = "watcher";
        var token = await platform.CreateUserAsync(owner);
        // A build step that takes a few seconds, so the page is surely rendered while the Space is still building.
        var files = PlatformFixture.BusyboxApp("Live card", "<!DOCTYPE html><title>live</title><p>live card</p>\n", "short_description: Watch me build\n")
            .Select(f => f.Path == "Dockerfile"
                ? (f.Path, PlatformFixture.Utf8(System.Text.Encoding.UTF8.GetString(f.Content).Replace("COPY www /www", "RUN sleep 8\nCOPY www /www", StringComparison.Ordinal)))
                : f)
            .ToArray();
        await platform.CreateSpaceAsync(token, owner, "live-card", "docker", isPrivate: false, files);

        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, $"/spaces?q=watch+me+build").ToString());
        var badge = page.Locator($"article[data-space='{owner}/live-card'] [data-stage-badge]");
        var first = await badge.GetAttributeAsync("data-stage");
        await page.EvaluateAsync("window.__noReload = true");

        Assert.Contains(first, new[] { "BUILDING", "APP_STARTING" });
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-stage", "RUNNING", new() { Timeout = 180_000 });
        await Assertions.Expect(badge).ToContainTextAsync("Running");
        Assert.Contains("stage-running", await badge.GetAttributeAsync("class"));
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page was reloaded");
        session.AssertNoErrors();
    }
}
