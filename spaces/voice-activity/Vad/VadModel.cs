using Spaces.Onnx;
using Spaces.Onnx.Pipelines.Vad;

namespace VoiceActivity.Vad;

/// <summary>Silero VAD, opened once from the mounted model repository (<c>/models/examples/silero-vad</c>, or <c>MODELS_DIR</c>).</summary>
public sealed class VadModel : IDisposable
{
    private readonly Lazy<(OrtRuntime Runtime, OrtSession Session)> _loaded;

    private VadModel(string root)
    {
        _loaded = new(() =>
        {
            var path = (Directory.Exists(root) ? Directory.EnumerateFiles(root, "*vad*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault() : null)
                ?? throw new FileNotFoundException($"No Silero VAD model (*vad*.onnx) under {root}.");
            var runtime = OrtRuntime.Load();
            return (runtime, runtime.OpenSession(path));
        });
    }

    /// <summary>A new detector with its own state (one per stream); they share the session.</summary>
    public SileroVad NewDetector() => new(_loaded.Value.Session);

    /// <summary>The model from <c>MODELS_DIR</c>, else <c>/models</c>.</summary>
    public static VadModel FromEnvironment() => new(Environment.GetEnvironmentVariable("MODELS_DIR") is { Length: > 0 } dir ? dir : "/models");

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Session.Dispose();
            _loaded.Value.Runtime.Dispose();
        }
    }
}
