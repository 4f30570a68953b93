using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Ui;

/// <summary>
/// Screenshots of home, the gallery, New Space and a model page at desktop (1280x800) and phone (390x844) widths, into the fixture's
/// screenshot folder, for a person to look at. Each page also must not scroll sideways on a phone and must log no script error.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ScreenshotTests(PlatformFixture platform, BrowserFixture browser)
{
    private const string Owner = "shots";

    private static readonly string ModelReadme = """
        ---
        pipeline_tag: image-classification
        library_name: onnx
        license: apache-2.0
        tags: [vision, tiny]
        ---
        # Tiny classifier

        A **tiny** image classifier for demos: it tells cats from dogs.

        | input | output |
        |---|---|
        | `f32[1,3,224,224]` | `f32[1,2]` |

        Labels are in [labels.txt](labels.txt). <script>alert("never runs")</script>
        """;

    [Fact]
    public async Task Home_gallery_new_space_and_model_page_at_desktop_and_phone_widths()
    {
        var token = await platform.CreateUserAsync(Owner);
        await UiKit.CreateModelAsync(platform, token, Owner, "tiny-classifier", ModelReadme);
        await UiKit.CreateListedSpaceAsync(platform, token, Owner, "pet-sorter",
            $"title: Pet sorter\nemoji: 🐱\ncolorFrom: pink\ncolorTo: purple\nshort_description: Cats or dogs, in your browser\nmodels: [{Owner}/tiny-classifier]\ntags: [vision]");
        await UiKit.CreateListedSpaceAsync(platform, token, Owner, "speech-spotter",
            "title: Speech spotter\nemoji: 🎙️\ncolorFrom: blue\ncolorTo: green\nshort_description: Finds where people talk in a recording\ntags: [audio]");
        await UiKit.CreateListedSpaceAsync(platform, token, Owner, "line-reader",
            "title: Line reader\nemoji: 🧾\ncolorFrom: yellow\ncolorTo: red\nshort_description: Reads one line of printed text");

        foreach (var (label, viewport) in new[] { ("desktop", BrowserFixture.Desktop), ("phone", BrowserFixture.Phone) })
        {
            await using var session = await browser.NewSessionAsync(viewport);
            var page = session.Page;
            await platform.LogInAsync(page, Owner);

            await ShootAsync(session, "/", $"ui-home-{label}");
            await ShootAsync(session, "/spaces", $"ui-gallery-{label}");
            await ShootAsync(session, "/new-space", $"ui-new-space-{label}");
            await ShootAsync(session, $"/models/{Owner}/tiny-classifier", $"ui-model-{label}");

            // The last page is the model page: one widget area, and the README's script stayed text.
            Assert.Equal(1, await page.Locator(".model-widget-area").CountAsync());
            Assert.Equal(0, await page.Locator("script:not([src])").Filter(new() { HasText = "never runs" }).CountAsync());
            await Assertions.Expect(page.Locator($"article[data-space='{Owner}/pet-sorter']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".markdown-body")).ToContainTextAsync("<script>alert(\"never runs\")</script>");
            session.AssertNoErrors();
        }
    }

    [Fact]
    public async Task Dark_mode_follows_the_system()
    {
        var token = await platform.CreateUserAsync("night");
        await UiKit.CreateListedSpaceAsync(platform, token, "night", "owl-watch",
            "title: Owl watch\nemoji: 🦉\ncolorFrom: indigo\ncolorTo: gray\nshort_description: Spots owls in night-vision footage");
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = BrowserFixture.Desktop, ColorScheme = ColorScheme.Dark });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces?q=owls").ToString());

            Assert.Equal("dark", await page.EvaluateAsync<string>("document.documentElement.dataset.bsTheme"));
            await Assertions.Expect(page.Locator("article[data-space='night/owl-watch']")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("ui-gallery-dark"), FullPage = true });
            await page.GotoAsync(platform.Host.BaseUrl.ToString());
            await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("ui-home-dark"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task ShootAsync(BrowserSession session, string path, string name)
    {
        var response = await session.Page.GotoAsync(new Uri(platform.Host.BaseUrl, path).ToString());
        Assert.Equal(200, response!.Status);
        await session.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var overflow = await session.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at this width");
        await session.ScreenshotAsync(name);
    }
}
