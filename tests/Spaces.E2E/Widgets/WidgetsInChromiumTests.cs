using System.Globalization;
using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;
using Spaces.TestSupport;

namespace Spaces.E2E.Widgets;

/// <summary>
/// The model widgets in Chromium on the real model page, against the real hub and the real models: a text line rendered into the OCR
/// widget's canvas (and a PNG uploaded) comes back as its text; a spoken WAV fed to the voice-activity widget, uploaded or played into a
/// fake microphone, fills its chart with probabilities, speech among them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WidgetsInChromiumTests(PlatformFixture platform, BrowserFixture browser) : IDisposable
{
    private const string Owner = "widgets";
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"spaces-e2e-widgets-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ocr_widget_recognises_a_line_drawn_into_its_canvas_and_an_uploaded_image()
    {
        await WidgetPage.SeedModelAsync(platform.Services, Owner, "ocr",
            ("README.md", PlatformFixture.Utf8(WidgetPage.OcrCard)),
            ("model.onnx", await File.ReadAllBytesAsync(TestAssets.OcrRecognizer)),
            ("assets/ppocr_keys_v1.txt", await File.ReadAllBytesAsync(TestAssets.OcrKeys)));
        await using var session = await browser.NewSessionAsync(BrowserFixture.Desktop);
        var page = session.Page;
        await WidgetPage.OpenModelPageAsync(page, platform.Host.BaseUrl, $"{Owner}/ocr", "[data-ocr-widget]");

        await RecogniseDrawnLineAsync(page);
        await session.ScreenshotAsync("widget-ocr-model-page-desktop");

        var png = Path.Combine(_dir, "line.png");
        WidgetPage.Run("/usr/bin/convert", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "30",
            "-bordercolor", "white", "-border", "8", "label:uploaded 451", png);
        await page.Locator("[data-ocr-upload]").SetInputFilesAsync(png);
        await Assertions.Expect(page.Locator("[data-ocr-text]")).ToHaveTextAsync("uploaded 451", new() { Timeout = 30_000 });
        session.AssertNoErrors();

        // The same page on a phone: the "Try it" column is the screen's width; the widget still works and stays inside it.
        await using var phone = await browser.NewSessionAsync(BrowserFixture.Phone);
        await WidgetPage.OpenModelPageAsync(phone.Page, platform.Host.BaseUrl, $"{Owner}/ocr", "[data-ocr-widget]");
        await RecogniseDrawnLineAsync(phone.Page);
        await AssertFitsItsPanelAsync(phone.Page, "[data-ocr-canvas]");
        await phone.ScreenshotAsync("widget-ocr-model-page-phone");
        phone.AssertNoErrors();
    }

    [Fact]
    public async Task Vad_widget_streams_a_spoken_wav_and_its_chart_receives_a_value_per_32_ms_chunk()
    {
        await SeedVadAsync("vad");
        // espeak-ng speaks at 22.05 kHz; sox pads 0.5 s of silence on both sides and keeps the rate, so the browser resamples to 16 kHz.
        var wav = SpokenClip("The widget draws speech probability while the audio streams.", "0.5", "0.5");
        await using var session = await browser.NewSessionAsync(BrowserFixture.Desktop);
        var page = session.Page;
        var widget = await WidgetPage.OpenModelPageAsync(page, platform.Host.BaseUrl, $"{Owner}/vad", "[data-vad-widget]");

        await page.Locator("[data-vad-upload]").SetInputFilesAsync(wav);
        // Values arrive while the upload is still streaming (it is sent at the pace it plays).
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "streaming");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-vad-chart]').dataset.received ?? 0) > 0");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 60_000 });

        var chart = page.Locator("[data-vad-chart]");
        var received = int.Parse((await chart.GetAttributeAsync("data-received"))!, CultureInfo.InvariantCulture);
        // One value per 32 ms of the clip at 16 kHz (the last partial chunk padded); the browser's resampling may round the length by a sample.
        var seconds = double.Parse(WidgetPage.Run("/usr/bin/soxi", "-D", wav).Trim(), CultureInfo.InvariantCulture);
        var expected = (int)Math.Ceiling(seconds * 16_000 / 512);
        Assert.InRange(received, expected - 1, expected + 1);
        var max = double.Parse((await chart.GetAttributeAsync("data-max"))!, CultureInfo.InvariantCulture);
        Assert.True(max > 0.5, $"the highest speech probability was {max}");
        Assert.Contains("speech in", await page.Locator("[data-vad-status]").InnerTextAsync());
        await session.ScreenshotAsync("widget-vad-model-page");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Vad_widget_listens_to_the_microphone()
    {
        await SeedVadAsync("vad-mic");
        var wav = SpokenClip("Testing the microphone of the model page. One, two, three.", "1", "1");
        // A Chromium of its own (as the voice-activity example's test): a fake microphone that loops the clip, granted without a prompt.
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await BrowserFixture.LaunchWithFakeMicrophoneAsync(playwright, wav);
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = BrowserFixture.Desktop, Permissions = ["microphone"] });
        context.SetDefaultTimeout(30_000);
        await using var session = new BrowserSession(context, await context.NewPageAsync());
        var page = session.Page;
        var widget = await WidgetPage.OpenModelPageAsync(page, platform.Host.BaseUrl, $"{Owner}/vad-mic", "[data-vad-widget]");

        await page.Locator("[data-vad-mic]").ClickAsync();
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "streaming");
        await Assertions.Expect(page.Locator("[data-vad-stop]")).ToBeEnabledAsync();
        // The clip (about 5 s with its silences) loops: wait for a few seconds of values, speech among them.
        await page.WaitForFunctionAsync(
            "() => { const c = document.querySelector('[data-vad-chart]').dataset; return Number(c.received ?? 0) >= 150 && Number(c.max ?? 0) > 0.5; }",
            null, new() { Timeout = 60_000 });
        var chart = page.Locator("[data-vad-chart]");
        var max = double.Parse((await chart.GetAttributeAsync("data-max"))!, CultureInfo.InvariantCulture);
        Assert.True(max > 0.5, $"the highest speech probability from the microphone was {max}");

        await page.Locator("[data-vad-stop]").ClickAsync();
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-vad-mic]")).ToBeEnabledAsync();
        Assert.Contains("speech in", await page.Locator("[data-vad-status]").InnerTextAsync());
        await session.ScreenshotAsync("widget-vad-model-page-microphone");
        session.AssertNoErrors();
    }

    /// <summary>Renders a line into the OCR canvas from the page itself (as another script may paint it) and checks the recognition.</summary>
    private static async Task RecogniseDrawnLineAsync(IPage page)
    {
        await page.EvaluateAsync("""
            () => {
              const canvas = document.querySelector("[data-ocr-canvas]");
              const ctx = canvas.getContext("2d");
              ctx.font = "36px 'DejaVu Sans'";
              ctx.fillStyle = "#000";
              ctx.fillText("Spaces live 2026", 40, 90);
              canvas.dispatchEvent(new Event("spaces:canvas-changed"));
            }
            """);
        await Assertions.Expect(page.Locator("[data-ocr-text]")).ToHaveTextAsync("Spaces live 2026", new() { Timeout = 30_000 });
        var confidences = await page.Locator("[data-ocr-symbols] [data-confidence]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.confidence)");
        Assert.Equal("Spaces live 2026".Length, confidences.Length);
        Assert.All(confidences, c => Assert.InRange(double.Parse(c, CultureInfo.InvariantCulture), 0.3, 1.0));
    }

    /// <summary>Fails when <paramref name="selector"/> sticks out of the model page's "Try it" panel or the page scrolls sideways.</summary>
    private static async Task AssertFitsItsPanelAsync(IPage page, string selector)
    {
        var overflow = await page.EvaluateAsync<double>("""
            selector => {
              const panel = document.querySelector("section.model-widget-area").getBoundingClientRect();
              const el = document.querySelector(selector).getBoundingClientRect();
              return Math.max(el.right - panel.right, panel.left - el.left, document.documentElement.scrollWidth - window.innerWidth);
            }
            """, selector);
        Assert.True(overflow <= 0.5, $"{selector} overflows the \"Try it\" panel or the page by {overflow} px");
    }

    private async Task SeedVadAsync(string name) =>
        await WidgetPage.SeedModelAsync(platform.Services, Owner, name,
            ("README.md", PlatformFixture.Utf8(WidgetPage.VadCard)),
            ("silero_vad_v5.onnx", await File.ReadAllBytesAsync(TestAssets.SileroVad)));

    /// <summary>Speaks <paramref name="text"/> with espeak-ng and pads it with silence (seconds before and after) with sox.</summary>
    private string SpokenClip(string text, string before, string after)
    {
        var speech = Path.Combine(_dir, $"speech-{Guid.NewGuid():N}.wav");
        var wav = Path.Combine(_dir, $"spoken-{Guid.NewGuid():N}.wav");
        WidgetPage.Run("/usr/bin/espeak-ng", "-w", speech, text);
        WidgetPage.Run("/usr/bin/sox", speech, "-b", "16", wav, "pad", before, after);
        return wav;
    }
}
