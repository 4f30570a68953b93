using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Ui;

/// <summary>The Spaces gallery in Chromium: search as you type finds a Space by a word of its description, without reloading the page.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GallerySearchTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task Typing_a_word_of_a_description_narrows_the_gallery_in_place()
    {
        var token = await platform.CreateUserAsync("searcher");
        await UiKit.CreateListedSpaceAsync(platform, token, "searcher", "receipt-reader", "title: Receipt reader\nshort_description: Reads crumpled supermarket receipts");
        await UiKit.CreateListedSpaceAsync(platform, token, "searcher", "voice-finder", "title: Voice finder\nshort_description: Finds speech in long recordings");

        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces?sort=name").ToString());
        await Assertions.Expect(page.Locator("article[data-space='searcher/voice-finder']")).ToBeVisibleAsync();
        // A marker on the window survives only if the page is never reloaded.
        await page.EvaluateAsync("window.__noReload = true");

        await page.GetByLabel("Search", new() { Exact = true }).PressSequentiallyAsync("crumpled", new() { Delay = 40 });

        await Assertions.Expect(page.Locator("article[data-space='searcher/voice-finder']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("article[data-space='searcher/receipt-reader']")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page was reloaded");
        Assert.Contains("q=crumpled", page.Url, StringComparison.Ordinal);

        // A filter change is live too, and a word nothing has shows the kind empty state.
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync("nothing-has-this-word");
        await Assertions.Expect(page.GetByText("No Space matches")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page was reloaded");
        session.AssertNoErrors();
    }
}
