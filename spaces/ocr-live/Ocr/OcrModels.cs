using Spaces.Onnx;
using Spaces.Onnx.Pipelines.Ocr;

namespace OcrLive.Ocr;

/// <summary>
/// The recognizer and the orientation classifier, opened once from the mounted model repositories
/// (<c>/models/examples/paddleocr-rec</c> and <c>/models/examples/paddleocr-cls</c>, or <c>MODELS_DIR</c>).
/// </summary>
public sealed class OcrModels : IDisposable
{
    private readonly Lazy<(OrtRuntime Runtime, OrientedTextRecognizer Recognizer, TextLineRecognizer Lines, TextOrientationClassifier Classifier)> _loaded;

    private OcrModels(string root)
    {
        Root = root;
        _loaded = new(() =>
        {
            var rec = Find("*rec*.onnx") ?? throw new FileNotFoundException($"No recognizer (*rec*.onnx) under {root}.");
            var keys = Find("ppocr_keys_v1.txt") ?? throw new FileNotFoundException($"No ppocr_keys_v1.txt under {root}.");
            var cls = Find("*cls*.onnx") ?? throw new FileNotFoundException($"No orientation classifier (*cls*.onnx) under {root}.");
            var runtime = OrtRuntime.Load();
            var lines = TextLineRecognizer.Open(runtime, rec, keys);
            var classifier = TextOrientationClassifier.Open(runtime, cls);
            return (runtime, new OrientedTextRecognizer(classifier, lines), lines, classifier);
        });
    }

    /// <summary>Where the models are mounted.</summary>
    public string Root { get; }

    /// <summary>The recognizer (loads the models on first use).</summary>
    public OrientedTextRecognizer Recognizer => _loaded.Value.Recognizer;

    /// <summary>The models from <c>MODELS_DIR</c>, else <c>/models</c>.</summary>
    public static OcrModels FromEnvironment() => new(Environment.GetEnvironmentVariable("MODELS_DIR") is { Length: > 0 } dir ? dir : "/models");

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Lines.Dispose();
            _loaded.Value.Classifier.Dispose();
            _loaded.Value.Runtime.Dispose();
        }
    }

    private string? Find(string pattern) => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
        : null;
}
