using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Core.Config;
using Spaces.Web.Components.Widgets;
using Spaces.Web.Hubs.Inference;

namespace Spaces.Web.Tests.Widgets;

public sealed class ModelWidgetTests
{
    [Fact]
    public async Task A_ctc_recognizer_card_gets_the_ocr_widget_with_its_scripts()
    {
        var html = await RenderAsync("ada/ocr", Card(WidgetWebFactory.OcrCard));

        Assert.Contains("data-ocr-widget data-model=\"ada/ocr\"", html);
        Assert.Contains("<canvas class=\"ocr-canvas", html);
        Assert.Contains("src=\"lib/signalr/signalr.min.js\"", html);
        Assert.Contains("src=\"js/widgets/ocr-widget.js\"", html);
        Assert.DoesNotContain("data-vad-widget", html);
    }

    [Fact]
    public async Task A_voice_activity_card_gets_the_vad_widget()
    {
        var html = await RenderAsync("ada/vad", Card(WidgetWebFactory.VadCard));

        Assert.Contains("data-vad-widget data-model=\"ada/vad\"", html);
        Assert.Contains("data-vad-chart", html);
        Assert.Contains("src=\"js/widgets/vad-widget.js\"", html);
        Assert.DoesNotContain("data-ocr-widget", html);
    }

    [Theory]
    [InlineData("---\npipeline_tag: text-classification\n---\n", "No live widget")]
    [InlineData("---\npipeline_tag: image-to-text\n---\n", "No live widget")]
    [InlineData("---\npipeline_tag: voice-activity-detection\ninference: false\n---\n", "turns the widget off")]
    public async Task Other_cards_get_a_note_instead_of_a_widget(string readme, string note)
    {
        var html = await RenderAsync("ada/m", Card(readme));

        Assert.Contains("data-model-widget=\"none\"", html);
        Assert.Contains(note, html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task No_card_means_no_widget()
    {
        Assert.Contains("data-model-widget=\"none\"", await RenderAsync("ada/m", null));
        Assert.Equal(ModelWidgetKind.None, ModelWidgetKinds.Choose(ModelCard.Empty));
    }

    private static ModelCard Card(string readme)
    {
        var parsed = ModelCard.Parse(readme);
        Assert.True(parsed.IsSuccess, parsed.ErrorMessage);
        return parsed.Card!;
    }

    private static async Task<string> RenderAsync(string modelId, ModelCard? card)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["ModelId"] = modelId, ["Card"] = card });
            return (await renderer.RenderComponentAsync<ModelWidget>(parameters)).ToHtmlString();
        });
    }
}
