using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// PaddleOCR's text direction classifier (e.g. <c>ch_ppocr_mobile_v2.0_cls_infer.onnx</c>: input f32[N, 3, 48, 192], output
/// softmax f32[N, 2] over the labels 0 and 180 degrees). Lines are resized to height 48 keeping their aspect (at most 192 wide),
/// normalised like the recognizer's input and zero-padded. Thread-safe.
/// </summary>
public sealed class TextOrientationClassifier : IDisposable
{
    /// <summary>Input height.</summary>
    public const int Height = 48;

    /// <summary>Input width (lines are squeezed to it when wider).</summary>
    public const int Width = 192;

    /// <summary>PaddleOCR's <c>cls_thresh</c>: a line is turned only when 180 degrees is at least this likely.</summary>
    public const float DefaultThreshold = 0.9f;

    private static readonly int[] Labels = [0, 180];

    private readonly OrtSession _session;
    private readonly bool _ownsSession;
    private readonly string _inputName;
    private readonly string _outputName;

    /// <summary>Wraps an open classifier session (not disposed with this object).</summary>
    public TextOrientationClassifier(OrtSession session)
        : this(session, ownsSession: false)
    {
    }

    private TextOrientationClassifier(OrtSession session, bool ownsSession)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Inputs.Count != 1 || session.Outputs.Count < 1 || session.Outputs[0].Shape is not [_, 2])
        {
            throw new ArgumentException("an orientation classifier takes one input [N, 3, 48, 192] and gives [N, 2]", nameof(session));
        }
        _session = session;
        _ownsSession = ownsSession;
        _inputName = session.Inputs[0].Name;
        _outputName = session.Outputs[0].Name;
    }

    /// <summary>Opens a classifier model; the session is disposed with the classifier.</summary>
    public static TextOrientationClassifier Open(OrtRuntime runtime, string modelPath, OrtSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var session = runtime.OpenSession(modelPath, options);
        try
        {
            return new TextOrientationClassifier(session, ownsSession: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Classifies one line.</summary>
    public TextOrientation Classify(RgbaImage line) => Classify([line])[0];

    /// <summary>Classifies several lines in one run.</summary>
    public IReadOnlyList<TextOrientation> Classify(IReadOnlyList<RgbaImage> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return [];
        }
        const int plane = 3 * Height * Width;
        var input = new float[lines.Count * plane];
        for (var i = 0; i < lines.Count; i++)
        {
            TextImageTensor.Write(lines[i], Height, TextImageTensor.ResizedWidth(lines[i], Height, Width), Width, input.AsSpan(i * plane, plane));
        }
        var outputs = _session.Run(
            new Dictionary<string, Tensor> { [_inputName] = Tensor.Create(input, lines.Count, 3, Height, Width) }, [_outputName]);
        var scores = outputs[_outputName].AsSpan<float>();
        if (scores.Length != lines.Count * Labels.Length)
        {
            throw new InvalidOperationException($"the classifier answered {scores.Length} scores for {lines.Count} lines, expected {lines.Count * 2}");
        }
        var results = new TextOrientation[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var best = scores[i * 2 + 1] > scores[i * 2] ? 1 : 0;
            results[i] = new TextOrientation(Labels[best], scores[i * 2 + best]);
        }
        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }
}
