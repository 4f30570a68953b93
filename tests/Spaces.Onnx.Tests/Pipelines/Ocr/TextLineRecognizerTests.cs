using Spaces.Onnx.Pipelines.Imaging;
using Spaces.Onnx.Pipelines.Ocr;
using Spaces.Onnx.Tests.Pipelines.Imaging;
using Spaces.TestSupport;

namespace Spaces.Onnx.Tests.Pipelines.Ocr;

[Collection(OrtCollection.Name)]
public sealed class TextLineRecognizerTests(OrtRuntimeFixture ort)
{
    [Theory]
    [InlineData("Hello World")]
    [InlineData("ONNX Runtime 1.30")]
    [InlineData("invoice 2024-07-15 total 1234.56")]
    [InlineData("The quick brown fox")]
    public void A_rendered_line_decodes_to_its_exact_text(string text)
    {
        using var recognizer = TextLineRecognizer.Open(ort.Runtime, TestAssets.OcrRecognizer, TestAssets.OcrKeys);

        var result = recognizer.Recognize(PngDecoder.Decode(TestImages.TextLine(text)));

        Assert.Equal(text, result.Text);
        Assert.Equal(text.Length, result.Symbols.Count);
        Assert.All(result.Symbols, s => Assert.InRange(s.Confidence, 0.3f, 1f));
        Assert.True(result.Confidence > 0.9, $"line confidence {result.Confidence}");
    }

    [Fact]
    public void A_batch_of_lines_of_different_widths_decodes_each_line()
    {
        using var recognizer = TextLineRecognizer.Open(ort.Runtime, TestAssets.OcrRecognizer, TestAssets.OcrKeys);
        string[] texts = ["42", "a much longer line of words 789"];

        var results = recognizer.Recognize(texts.Select(t => PngDecoder.Decode(TestImages.TextLine(t))).ToList());

        Assert.Equal(texts, results.Select(r => r.Text));
    }

    [Fact]
    public void A_canvas_with_a_transparent_background_reads_like_paper()
    {
        using var recognizer = TextLineRecognizer.Open(ort.Runtime, TestAssets.OcrRecognizer, TestAssets.OcrKeys);
        // What a browser canvas gives: black strokes, alpha 0 elsewhere (transparent pixels are black with alpha 0).
        var paper = PngDecoder.Decode(TestImages.TextLine("canvas 77"));
        var strokes = (byte[])paper.Pixels.Clone();
        for (var i = 0; i < strokes.Length; i += 4)
        {
            var ink = (byte)(255 - paper.Pixels[i]);
            strokes[i] = strokes[i + 1] = strokes[i + 2] = 0;
            strokes[i + 3] = ink;
        }

        var result = recognizer.Recognize(RgbaImage.FromRgba(paper.Width, paper.Height, strokes));

        Assert.Equal("canvas 77", result.Text);
    }

    [Fact]
    public void A_model_that_is_not_a_recognizer_is_refused()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.OcrClassifier);

        Assert.Throws<ArgumentException>(() => new TextLineRecognizer(session, CtcAlphabet.Load(TestAssets.OcrKeys)));
    }
}
