using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// Recognises the text of single-line images with a PaddleOCR CTC recognizer (e.g. <c>ch_PP-OCRv4_rec_infer.onnx</c>:
/// input f32[N, 3, 48, W], output f32[N, T, classes]). Preprocessing and decoding follow PaddleOCR's <c>predict_rec</c>.
/// Thread-safe: concurrent calls share the session.
/// </summary>
public sealed class TextLineRecognizer : IDisposable
{
    /// <summary>The input height the recognizer was trained with.</summary>
    public const int Height = 48;

    /// <summary>The narrowest batch width (PaddleOCR's <c>rec_image_shape</c> 3,48,320): short lines are padded to it.</summary>
    public const int MinWidth = 320;

    /// <summary>The widest resized line (longer lines are squeezed to it) so one request cannot ask for unbounded work.</summary>
    public const int MaxWidth = 3200;

    private readonly OrtSession _session;
    private readonly bool _ownsSession;
    private readonly string _inputName;
    private readonly string _outputName;

    /// <summary>Wraps an open recognizer session (not disposed with this object) and its alphabet.</summary>
    /// <exception cref="ArgumentException">The session does not look like a CTC recognizer for this alphabet.</exception>
    public TextLineRecognizer(OrtSession session, CtcAlphabet alphabet)
        : this(session, alphabet, ownsSession: false)
    {
    }

    private TextLineRecognizer(OrtSession session, CtcAlphabet alphabet, bool ownsSession)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(alphabet);
        if (session.Inputs.Count != 1 || session.Inputs[0].Shape.Count != 4 || session.Outputs.Count < 1 || session.Outputs[0].Shape.Count != 3)
        {
            throw new ArgumentException("a text-line recognizer takes one input [N, 3, 48, W] and gives [N, T, classes]", nameof(session));
        }
        var classes = session.Outputs[0].Shape[2];
        if (classes > 0 && classes != alphabet.Count)
        {
            throw new ArgumentException($"the recognizer has {classes} classes but the alphabet has {alphabet.Count}", nameof(alphabet));
        }
        _session = session;
        _ownsSession = ownsSession;
        _inputName = session.Inputs[0].Name;
        _outputName = session.Outputs[0].Name;
        Alphabet = alphabet;
    }

    /// <summary>The classes the recognizer decodes into.</summary>
    public CtcAlphabet Alphabet { get; }

    /// <summary>Opens a recognizer model and its keys file; the session is disposed with the recognizer.</summary>
    public static TextLineRecognizer Open(OrtRuntime runtime, string modelPath, string keysPath, OrtSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var alphabet = CtcAlphabet.Load(keysPath);
        var session = runtime.OpenSession(modelPath, options);
        try
        {
            return new TextLineRecognizer(session, alphabet, ownsSession: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Recognises one text line.</summary>
    public RecognizedText Recognize(RgbaImage line) => Recognize([line])[0];

    /// <summary>Recognises several text lines in one run (padded to the widest).</summary>
    public IReadOnlyList<RecognizedText> Recognize(IReadOnlyList<RgbaImage> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return [];
        }
        var ratio = Math.Max((double)MinWidth / Height, lines.Max(l => (double)l.Width / l.Height));
        var width = Math.Min((int)(Height * ratio), MaxWidth);
        var plane = 3 * Height * width;
        var input = new float[lines.Count * plane];
        for (var i = 0; i < lines.Count; i++)
        {
            var resized = TextImageTensor.ResizedWidth(lines[i], Height, width);
            TextImageTensor.Write(lines[i], Height, resized, width, input.AsSpan(i * plane, plane));
        }
        var outputs = _session.Run(
            new Dictionary<string, Tensor> { [_inputName] = Tensor.Create(input, lines.Count, 3, Height, width) }, [_outputName]);
        var scores = outputs[_outputName];
        if (scores.Shape.Count != 3 || scores.Shape[0] != lines.Count || scores.Shape[2] != Alphabet.Count)
        {
            throw new InvalidOperationException(
                $"the recognizer answered {scores}, expected [{lines.Count}, T, {Alphabet.Count}]");
        }
        var steps = (int)scores.Shape[1];
        var all = scores.AsSpan<float>();
        var results = new RecognizedText[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            results[i] = CtcGreedyDecoder.Decode(all.Slice(i * steps * Alphabet.Count, steps * Alphabet.Count), steps, Alphabet);
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
