using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Templates;
using Spaces.E2E.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.E2E.Templates;

/// <summary>Issue #8: each seeded example opened at its own origin in Chromium, checking what a visitor sees and gets.</summary>
[Collection(ExamplesCollection.Name)]
public sealed class ExampleSpacesInChromiumTests(ExamplesPlatformFixture platform, BrowserFixture browser, ITestOutputHelper output)
{
    private const string Owner = ExamplesPlatformFixture.Owner;

    [Fact]
    public async Task Ocr_live_reads_the_rendered_line_and_follows_what_the_visitor_types()
    {
        await using var session = await browser.NewSessionAsync();
        await session.Page.GotoAsync(platform.Host.AppUrl(Owner, "ocr-live").ToString());

        // The page renders its default line on the canvas and sends it to the app's hub as soon as it is connected.
        await WaitForTextAsync(session, "#recognised", "HelloSpaces2026");
        await session.Page.Locator("#text").FillAsync("OCR 42 live");
        await WaitForTextAsync(session, "#recognised", "OCR42live");
        Assert.Contains("confidence", await session.Page.Locator("#details").InnerTextAsync(), StringComparison.Ordinal);

        // Upside down: the orientation classifier turns it before recognition.
        await session.Page.Locator("#flip").CheckAsync();
        await WaitForTextAsync(session, "#details", "180°(turned)");
        Assert.Equal("OCR42live", (await session.Page.Locator("#recognised").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));
        output.WriteLine(await session.Page.Locator("#details").InnerTextAsync());
        await session.ScreenshotAsync("example-ocr-live");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Voice_activity_charts_speech_probabilities_for_a_spoken_clip()
    {
        var wav = await SpokenClipAsync("Hello. This clip is spoken by a machine, to test voice activity detection.");
        await using var session = await browser.NewSessionAsync();
        await session.Page.GotoAsync(platform.Host.AppUrl(Owner, "voice-activity").ToString());
        await WaitForTextAsync(session, "#status", "ready");

        await session.Page.Locator("#wav").SetInputFilesAsync(wav);
        await WaitForTextAsync(session, "#status", "chunks");

        var values = (await session.Page.EvaluateAsync<JsonElement>("window.vad.values")).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var seconds = await ClipSecondsAsync(wav);
        output.WriteLine($"{values.Length} chunks for {seconds:0.00} s; max {values.Max():0.000}; first second max {values.Take(25).Max():0.000}");
        // One probability per 32 ms chunk of the clip (the last one padded).
        Assert.InRange(values.Length, (int)(seconds / 0.032) - 1, (int)(seconds / 0.032) + 2);
        // One second of silence first (sox pads it), then speech.
        Assert.True(values.Take(25).Max() < 0.3, "the leading silence was taken for speech");
        Assert.True(values.Count(v => v > 0.8) >= 20, "the spoken part was not detected as speech");
        Assert.Equal(values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await session.Page.Locator("#chunks").InnerTextAsync());
        await session.ScreenshotAsync("example-voice-activity");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Voice_activity_listens_to_the_microphone()
    {
        // A Chromium of its own: a fake microphone that plays a spoken clip (granted without a prompt).
        var wav = await SpokenClipAsync("Testing the microphone. One, two, three. Speech comes and goes.");
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var chromium = await BrowserFixture.LaunchWithFakeMicrophoneAsync(playwright, wav);
        var context = await chromium.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { Permissions = ["microphone"] });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(platform.Host.AppUrl(Owner, "voice-activity").ToString());
        await page.Locator("#status").Filter(new() { HasText = "ready" }).WaitForAsync();

        await page.Locator("#mic").ClickAsync();
        await page.Locator("#status").Filter(new() { HasText = "listening" }).WaitForAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        float[] values = [];
        while (DateTime.UtcNow < deadline)
        {
            values = (await page.EvaluateAsync<JsonElement>("window.vad.values")).EnumerateArray().Select(v => v.GetSingle()).ToArray();
            if (values.Length >= 300 && values.Count(v => v > 0.8) >= 20)
            {
                break;
            }

            await Task.Delay(500);
        }

        output.WriteLine($"microphone: {values.Length} chunks, {values.Count(v => v > 0.8)} above 0.8, {values.Count(v => v < 0.2)} below 0.2");
        Assert.True(values.Length >= 300, $"only {values.Length} chunks arrived from the microphone in 60 s");
        Assert.True(values.Count(v => v > 0.8) >= 20, "the spoken clip played into the microphone was not detected as speech");
        Assert.True(values.Count(v => v < 0.2) >= 20, "the silences of the clip were taken for speech");
        await page.Locator("#mic").ClickAsync();
        await page.Locator("#status").Filter(new() { HasText = "stopped" }).WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("example-voice-activity-microphone"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Hello_docker_shows_its_space_id_and_hardware()
    {
        foreach (var (name, seconds) in platform.SecondsToRunning.OrderBy(s => s.Value))
        {
            output.WriteLine($"examples/{name}: RUNNING after {seconds:0} s from the platform's start");
        }

        await using var session = await browser.NewSessionAsync();
        await session.Page.GotoAsync(platform.Host.AppUrl(Owner, "hello-docker").ToString());

        Assert.Equal("examples/hello-docker", await session.Page.Locator("#space-id").InnerTextAsync());
        Assert.Matches(@"^\d+(\.\d+)?$", await session.Page.Locator("[data-key=CPU_CORES]").InnerTextAsync());
        Assert.Matches(@"^\d+(Gi|Mi)$", await session.Page.Locator("[data-key=MEMORY]").InnerTextAsync());
        Assert.Equal("read-only", await session.Page.Locator("[data-key='root filesystem']").InnerTextAsync());
        await session.ScreenshotAsync("example-hello-docker");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Static_gallery_links_each_example_at_its_own_origin()
    {
        await using var session = await browser.NewSessionAsync();
        await session.Page.GotoAsync(platform.Host.AppUrl(Owner, "static-gallery").ToString());

        foreach (var name in ExamplesPlatformFixture.Spaces)
        {
            Assert.Equal(platform.Host.AppUrl(Owner, name).ToString(), await session.Page.Locator($"[data-space={name}]").GetAttributeAsync("href"));
        }

        await session.ScreenshotAsync("example-static-gallery");
        await session.Page.Locator("[data-space=hello-docker]").ClickAsync();
        await session.Page.WaitForURLAsync(platform.Host.AppUrl(Owner, "hello-docker").ToString());
        Assert.Equal("examples/hello-docker", await session.Page.Locator("#space-id").InnerTextAsync());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_space_from_the_blazor_onnx_template_runs_its_model_and_streams_the_results_to_the_page()
    {
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountService>();
            var user = (await accounts.FindAsync("visitor"))!;
            await scope.ServiceProvider.GetRequiredService<SpaceTemplateCatalog>().CreateSpaceAsync(Core.Repositories.Actor.Session(user),
                new NewSpaceFromTemplate("visitor", "my-onnx-app", "blazor-onnx", false, null, null, ["examples/paddleocr-cls"], "My ONNX app"));
        }

        await platform.WaitForStageAsync(platform.Token, "visitor", "my-onnx-app", "RUNNING", TimeSpan.FromMinutes(5));
        await using var session = await browser.NewSessionAsync();
        await session.Page.GotoAsync(platform.Host.AppUrl("visitor", "my-onnx-app").ToString());
        Assert.Contains("ch_ppocr_mobile_v2.0_cls_infer.onnx", await session.Page.Locator("#model-files").InnerTextAsync(), StringComparison.Ordinal);
        await WaitForTextAsync(session, "#status", "connected");

        await session.Page.Locator("#run").ClickAsync();
        await WaitForTextAsync(session, "#results", "run5took");
        var lines = await session.Page.Locator("#results li").AllInnerTextsAsync();
        Assert.Contains(lines, l => l.StartsWith("ONNX Runtime 1.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("input x: Float[", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("run 1 took", StringComparison.Ordinal) && l.Contains("Float[1,2]", StringComparison.Ordinal));
        await session.ScreenshotAsync("template-blazor-onnx");
        session.AssertNoErrors();
    }

    /// <summary>Waits until the element's text, spaces removed, contains <paramref name="expected"/>; fails with what it last showed.</summary>
    private static async Task WaitForTextAsync(BrowserSession session, string selector, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await session.Page.Locator(selector).InnerTextAsync();
            if (last.Replace(" ", "", StringComparison.Ordinal).Contains(expected, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{selector} did not show '{expected}' within 60 s; it shows '{last}' (errors: {string.Join("; ", session.Errors)})");
    }

    /// <summary>A WAV of <paramref name="text"/> spoken by espeak-ng, at 22.05 kHz as espeak writes it, with one second of silence before and after.</summary>
    private static async Task<string> SpokenClipAsync(string text)
    {
        var folder = Directory.CreateTempSubdirectory("spaces-e2e-vad-").FullName;
        var spoken = Path.Combine(folder, "spoken.wav");
        var padded = Path.Combine(folder, "clip.wav");
        await RunAsync("espeak-ng", "-w", spoken, text);
        await RunAsync("sox", spoken, padded, "pad", "1", "1");
        return padded;
    }

    private static async Task<double> ClipSecondsAsync(string wav) =>
        double.Parse((await RunAsync("soxi", "-D", wav)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} is missing: apt-get install espeak-ng sox (scripts/test installs them).", ex);
        }

        using (process)
        {
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {stderr}");
            return stdout;
        }
    }
}
