using Spaces.Onnx.Pipelines.Imaging;
using Spaces.Onnx.Pipelines.Ocr;
using Spaces.Onnx.Tests.Pipelines.Imaging;
using Spaces.TestSupport;

namespace Spaces.Onnx.Tests.Pipelines.Ocr;

[Collection(OrtCollection.Name)]
public sealed class TextOrientationClassifierTests(OrtRuntimeFixture ort)
{
    [Theory]
    [InlineData("Hello World")]
    [InlineData("upside down 2048")]
    public void An_upright_line_is_0_and_the_turned_line_is_180(string text)
    {
        using var classifier = TextOrientationClassifier.Open(ort.Runtime, TestAssets.OcrClassifier);
        var line = PngDecoder.Decode(TestImages.TextLine(text));

        var upright = classifier.Classify(line);
        var turned = classifier.Classify(line.Rotate180());

        Assert.Equal(0, upright.Angle);
        Assert.Equal(180, turned.Angle);
        Assert.True(turned.Confidence >= TextOrientationClassifier.DefaultThreshold, $"180 with confidence {turned.Confidence}");
    }

    [Fact]
    public void The_oriented_recognizer_turns_an_upside_down_line_back_before_reading_it()
    {
        using var classifier = TextOrientationClassifier.Open(ort.Runtime, TestAssets.OcrClassifier);
        using var recognizer = TextLineRecognizer.Open(ort.Runtime, TestAssets.OcrRecognizer, TestAssets.OcrKeys);
        var oriented = new OrientedTextRecognizer(classifier, recognizer);
        // Rendered by ImageMagick already turned, so the test does not rely on our own Rotate180.
        var turned = PngDecoder.Decode(Turned("Spaces 365 days"));

        var result = oriented.Recognize(turned);
        var upright = oriented.Recognize(PngDecoder.Decode(TestImages.TextLine("Spaces 365 days")));

        Assert.True(result.Rotated);
        Assert.Equal(180, result.Orientation.Angle);
        Assert.Equal("Spaces 365 days", result.Text.Text);
        Assert.False(upright.Rotated);
        Assert.Equal("Spaces 365 days", upright.Text.Text);
    }

    private static byte[] Turned(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-turned-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, TestImages.TextLine(text));
        try
        {
            return ExternalTool.Run(ExternalTool.Convert, path, "-rotate", "180", "png:-");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
