using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// Recognition with orientation correction (PaddleOCR's <c>use_angle_cls</c>): each line is classified first and turned by
/// 180 degrees when the classifier is at least <see cref="Threshold"/> sure it is upside down.
/// </summary>
/// <param name="classifier">The orientation classifier (not disposed by this object).</param>
/// <param name="recognizer">The text-line recognizer (not disposed by this object).</param>
public sealed class OrientedTextRecognizer(TextOrientationClassifier classifier, TextLineRecognizer recognizer)
{
    /// <summary>The probability of 180 degrees from which a line is turned. Default <see cref="TextOrientationClassifier.DefaultThreshold"/>.</summary>
    public float Threshold { get; init; } = TextOrientationClassifier.DefaultThreshold;

    /// <summary>Classifies, turns if needed, and recognises one line.</summary>
    public OrientedText Recognize(RgbaImage line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var orientation = classifier.Classify(line);
        var rotated = orientation.Angle == 180 && orientation.Confidence >= Threshold;
        var text = recognizer.Recognize(rotated ? line.Rotate180() : line);
        return new OrientedText(text, orientation, rotated);
    }
}

/// <summary>A recognised line with the orientation found and whether the image was turned before recognition.</summary>
public sealed record OrientedText(RecognizedText Text, TextOrientation Orientation, bool Rotated);
