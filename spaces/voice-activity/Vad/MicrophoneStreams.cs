using System.Collections.Concurrent;
using Spaces.Onnx.Pipelines.Vad;

namespace VoiceActivity.Vad;

/// <summary>One detector per connection streaming its microphone: the recurrent state carries over from one piece to the next.</summary>
public sealed class MicrophoneStreams(VadModel model)
{
    private readonly ConcurrentDictionary<string, SileroVad> _detectors = new(StringComparer.Ordinal);

    /// <summary>Feeds 16 kHz samples of a connection's stream; returns the probabilities of the chunks they complete.</summary>
    public IReadOnlyList<float> Push(string connectionId, float[] samples)
    {
        var detector = _detectors.GetOrAdd(connectionId, _ => model.NewDetector());
        lock (detector)
        {
            return detector.Process(samples);
        }
    }

    /// <summary>Forgets a connection's stream (it stopped, or disconnected).</summary>
    public void End(string connectionId) => _detectors.TryRemove(connectionId, out _);
}
