using System.Globalization;
using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Widgets;

/// <summary>
/// The model widgets in Chromium against the real hub and the real models: a text line rendered into the OCR widget's canvas (and a
/// PNG uploaded) comes back as its text; a spoken WAV fed to the voice-activity widget fills its chart with probabilities, speech among them.
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
            ("model.onnx", await File.ReadAllBytesAsync(WidgetPage.Asset("ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx"))),
            ("assets/ppocr_keys_v1.txt", await File.ReadAllBytesAsync(WidgetPage.Asset("ocr-models/assets/ppocr_keys_v1.txt"))));
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await WidgetPage.ShowAsync(page, platform.Host.BaseUrl, $"{Owner}/ocr", WidgetPage.OcrCard, "ocr-widget.js");
        var widget = page.Locator("[data-ocr-widget]");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "ready");

        // Rendered by the page itself into the canvas, as another script (or a test) may paint it.
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
        await session.ScreenshotAsync("widget-ocr-drawn");

        var png = Path.Combine(_dir, "line.png");
        WidgetPage.Run("/usr/bin/convert", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "30",
            "-bordercolor", "white", "-border", "8", "label:uploaded 451", png);
        await page.Locator("[data-ocr-upload]").SetInputFilesAsync(png);
        await Assertions.Expect(page.Locator("[data-ocr-text]")).ToHaveTextAsync("uploaded 451", new() { Timeout = 30_000 });
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Vad_widget_streams_a_spoken_wav_and_its_chart_receives_a_value_per_32_ms_chunk()
    {
        await WidgetPage.SeedModelAsync(platform.Services, Owner, "vad",
            ("README.md", PlatformFixture.Utf8(WidgetPage.VadCard)),
            ("silero_vad_v5.onnx", await File.ReadAllBytesAsync(WidgetPage.Asset("vad-web/dist/silero_vad_v5.onnx"))));
        // espeak-ng speaks at 22.05 kHz; sox pads 0.5 s of silence on both sides and keeps the rate, so the browser resamples to 16 kHz.
        var speech = Path.Combine(_dir, "speech.wav");
        var wav = Path.Combine(_dir, "spoken.wav");
        WidgetPage.Run("/usr/bin/espeak-ng", "-w", speech, "The widget draws speech probability while the audio streams.");
        WidgetPage.Run("/usr/bin/sox", speech, "-b", "16", wav, "pad", "0.5", "0.5");
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await WidgetPage.ShowAsync(page, platform.Host.BaseUrl, $"{Owner}/vad", WidgetPage.VadCard, "vad-widget.js");
        var widget = page.Locator("[data-vad-widget]");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "ready");

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
        await session.ScreenshotAsync("widget-vad");
        session.AssertNoErrors();
    }
}
