using Spaces.E2E.Infrastructure;
using Spaces.Web.Components.Pages.NewSpace;

namespace Spaces.E2E.Ui;

/// <summary>The name check New Space runs as you type (js/new-space.js) gives the server's answer for every name.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NameRulesInBrowserTests(PlatformFixture platform, BrowserFixture browser)
{
    private static readonly string[] Names =
    [
        "ok", "a", "_", "A1", "under_score.v2", "my-demo", "x.git", "X.GIT", "a..b", "a--b", "-start", "end-", ".dot", "dot.", "has space",
        "ünïcode", "slash/name", "", new string('a', 96), new string('a', 97), "a_", "_a", "a.b-c_d",
    ];

    [Fact]
    public async Task The_browser_and_the_server_agree_on_every_name()
    {
        await platform.CreateUserAsync("namer");
        await using var session = await browser.NewSessionAsync();
        await platform.LogInAsync(session.Page, "namer");
        await session.Page.GotoAsync(new Uri(platform.Host.BaseUrl, "/new-space").ToString());

        var inBrowser = await session.Page.EvaluateAsync<string?[]>(
            "async (names) => { const m = await import('/js/new-space.js'); return names.map(n => m.nameProblem(n)); }", Names);

        for (var i = 0; i < Names.Length; i++)
        {
            Assert.True(NewSpaceRules.NameProblem(Names[i]) == inBrowser[i], $"'{Names[i]}': server says '{NewSpaceRules.NameProblem(Names[i])}', browser says '{inBrowser[i]}'");
        }

        session.AssertNoErrors();
    }
}
