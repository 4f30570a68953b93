using System.Text.Json;
using Spaces.Web.Tests.Live;
using Spaces.TestSupport;

namespace Spaces.Web.Tests.Widgets;

public sealed class InferenceHubOcrTests : IAsyncLifetime
{
    private readonly WidgetWebFactory _factory = new();
    private string _adaToken = "";

    public async Task InitializeAsync()
    {
        var (ada, token) = await _factory.CreateUserAsync("ada");
        _adaToken = token;
        await _factory.CreateOcrModelAsync(ada, "ocr");
        await _factory.CreateOcrModelAsync(ada, "secret-ocr", isPrivate: true);
        await _factory.CreateModelAsync(ada, "classifier", isPrivate: false,
            ("README.md", "---\npipeline_tag: text-classification\n---\n"u8.ToArray()), ("model.onnx", File.ReadAllBytes(TestAssets.OcrRecognizer)));
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("Hello World")]
    [InlineData("order 66 shipped 2024")]
    public async Task A_canvas_line_is_recognised_with_a_confidence_per_character(string text)
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        var (width, height, rgba) = WidgetAssets.TextLineRgba(text);

        var answer = await hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 7, width, height, rgba = Convert.ToBase64String(rgba) });

        Assert.Equal(7, answer.GetProperty("sequence").GetInt64());
        Assert.False(answer.GetProperty("stale").GetBoolean());
        Assert.Equal(text, answer.GetProperty("text").GetString());
        var symbols = answer.GetProperty("symbols").EnumerateArray().ToList();
        Assert.Equal(text, string.Concat(symbols.Select(s => s.GetProperty("text").GetString())));
        Assert.All(symbols, s => Assert.InRange(s.GetProperty("confidence").GetSingle(), 0.3f, 1f));
        Assert.InRange(answer.GetProperty("confidence").GetDouble(), 0.9, 1);
    }

    [Fact]
    public async Task A_line_drawn_small_on_a_large_transparent_canvas_is_cropped_to_its_ink()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        var (lineWidth, lineHeight, line) = WidgetAssets.TextLineRgba("drawn 42", pointSize: 28);
        const int width = 640, height = 240;
        var canvas = new byte[width * height * 4];
        for (var y = 0; y < lineHeight; y++)
        {
            for (var x = 0; x < lineWidth; x++)
            {
                // Ink only, as a canvas holds strokes: black with the darkness as alpha, transparent elsewhere.
                var source = (y * lineWidth + x) * 4;
                canvas[((y + 90) * width + x + 150) * 4 + 3] = (byte)(255 - line[source]);
            }
        }

        var answer = await hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 1, width, height, rgba = Convert.ToBase64String(canvas) });
        var blank = await hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 2, width, height, rgba = Convert.ToBase64String(new byte[width * height * 4]) });

        Assert.Equal("drawn 42", answer.GetProperty("text").GetString());
        Assert.Equal("", blank.GetProperty("text").GetString());
        Assert.Empty(blank.GetProperty("symbols").EnumerateArray());
    }

    [Fact]
    public async Task An_uploaded_png_is_recognised()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);

        var answer = await hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 3, png = Convert.ToBase64String(WidgetAssets.TextLinePng("uploaded file 9")) });

        Assert.Equal("uploaded file 9", answer.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Requests_overtaken_while_waiting_answer_stale_and_the_latest_is_always_recognised()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        string[] texts = ["first stroke", "second stroke", "third stroke", "last stroke"];
        var images = texts.Select(t => WidgetAssets.TextLineRgba(t)).ToList();
        var pending = new List<Task<JsonElement>>();
        // Sent back to back, as a drawing page does while the first is still being recognised.
        foreach (var (image, i) in images.Select((image, i) => (image, i)))
        {
            pending.Add(await hub.SendInvocationAsync("RecognizeText", "ada/ocr",
                new { sequence = i, width = image.Width, height = image.Height, rgba = Convert.ToBase64String(image.Rgba) }));
        }

        var answers = await Task.WhenAll(pending);

        Assert.Equal([0L, 1, 2, 3], answers.Select(a => a.GetProperty("sequence").GetInt64()));
        var last = answers[^1];
        Assert.False(last.GetProperty("stale").GetBoolean());
        Assert.Equal("last stroke", last.GetProperty("text").GetString());
        // The first request loads the model, so the later ones queue behind it: at least one is overtaken before it runs.
        Assert.Contains(answers[..^1], a => a.GetProperty("stale").GetBoolean());
        Assert.All(answers.Where(a => !a.GetProperty("stale").GetBoolean()),
            a => Assert.Equal(texts[a.GetProperty("sequence").GetInt64()], a.GetProperty("text").GetString()));
        Assert.All(answers.Where(a => a.GetProperty("stale").GetBoolean()), a => Assert.Equal("", a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_private_model_is_not_found_for_others_and_works_for_its_owner()
    {
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        var (width, height, rgba) = WidgetAssets.TextLineRgba("private 1");
        var request = new { sequence = 1, width, height, rgba = Convert.ToBase64String(rgba) };

        await using (var anonymous = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout))
        {
            var error = await Assert.ThrowsAsync<HubErrorException>(() => anonymous.InvokeAsync("RecognizeText", "ada/secret-ocr", request));
            Assert.EndsWith("HubException: Model ada/secret-ocr not found.", error.Message);
            var absent = await Assert.ThrowsAsync<HubErrorException>(() => anonymous.InvokeAsync("RecognizeText", "ada/nothing", request));
            Assert.EndsWith("HubException: Model ada/nothing not found.", absent.Message);
        }
        await using (var bob = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/inference?access_token={bobToken}", timeout: WidgetWebFactory.HubTimeout))
        {
            var error = await Assert.ThrowsAsync<HubErrorException>(() => bob.InvokeAsync("RecognizeText", "ada/secret-ocr", request));
            Assert.EndsWith("HubException: Model ada/secret-ocr not found.", error.Message);
        }
        await using var ada = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/inference?access_token={_adaToken}", timeout: WidgetWebFactory.HubTimeout);
        Assert.Equal("private 1", (await ada.InvokeAsync("RecognizeText", "ada/secret-ocr", request)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Bad_images_and_models_without_this_widget_are_refused_with_the_reason()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/inference", timeout: WidgetWebFactory.HubTimeout);
        var (width, height, rgba) = WidgetAssets.TextLineRgba("ok 12");

        var wrongSize = await Assert.ThrowsAsync<HubErrorException>(() =>
            hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 1, width = width + 1, height, rgba = Convert.ToBase64String(rgba) }));
        var notPng = await Assert.ThrowsAsync<HubErrorException>(() =>
            hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 1, png = Convert.ToBase64String("GIF89a"u8.ToArray()) }));
        var noImage = await Assert.ThrowsAsync<HubErrorException>(() => hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 1 }));
        var noWidget = await Assert.ThrowsAsync<HubErrorException>(() =>
            hub.InvokeAsync("RecognizeText", "ada/classifier", new { sequence = 1, width, height, rgba = Convert.ToBase64String(rgba) }));
        var wrongWidget = await Assert.ThrowsAsync<HubErrorException>(async () =>
            await (await hub.StreamWithUploadAsync("DetectVoice", "ada/ocr")).Items.ReadAllAsync());

        Assert.Contains($"needs {width * height * 4 + height * 4} bytes", wrongSize.Message);
        Assert.Contains("PNG signature", notPng.Message);
        Assert.Contains("has no image", noImage.Message);
        Assert.Contains("text-classification", noWidget.Message);
        Assert.Contains("has no voice activity widget", wrongWidget.Message);
        // The connection is still usable after refusals.
        Assert.Equal("ok 12", (await hub.InvokeAsync("RecognizeText", "ada/ocr", new { sequence = 2, width, height, rgba = Convert.ToBase64String(rgba) })).GetProperty("text").GetString());
    }
}
