using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Spaces.Onnx.Pipelines.Audio;
using Spaces.Onnx.Pipelines.Vad;
using VoiceActivity.Vad;

namespace VoiceActivity.Hubs;

/// <summary>Speech probabilities for a microphone stream (pieces pushed as they are captured) or a WAV file (streamed back).</summary>
public sealed class VadHub(VadModel model, MicrophoneStreams microphones) : Hub
{
    /// <summary>Chunks per streamed batch of a WAV file's probabilities (8 x 32 ms = 256 ms of audio).</summary>
    private const int Batch = 8;

    /// <summary>Feeds a piece of the microphone (16 kHz mono samples); returns the probabilities of the chunks it completes.</summary>
    public IReadOnlyList<float> Push(float[] samples)
    {
        if (samples.Length > SileroVad.SampleRate * 5)
        {
            throw new HubException("Send at most 5 seconds of audio at once.");
        }

        return microphones.Push(Context.ConnectionId, samples);
    }

    /// <summary>Ends the connection's microphone stream (the next push starts a new one).</summary>
    public void Stop() => microphones.End(Context.ConnectionId);

    /// <summary>Reads a WAV file (base64) and streams the probability of each 32 ms chunk, a batch at a time, as they are computed.</summary>
    public async IAsyncEnumerable<float[]> Analyze(string wavBase64, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AudioClip clip;
        try
        {
            clip = WavReader.Read(Convert.FromBase64String(wavBase64)).Resample(SileroVad.SampleRate);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new HubException($"Not a WAV file this app can read: {ex.Message}");
        }

        var detector = model.NewDetector();
        var step = SileroVad.ChunkSamples * Batch;
        for (var offset = 0; offset < clip.Samples.Length; offset += step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var piece = clip.Samples.AsMemory(offset, Math.Min(step, clip.Samples.Length - offset));
            var probabilities = await Task.Run(() => detector.Process(piece.Span).ToArray(), cancellationToken);
            if (probabilities.Length > 0)
            {
                yield return probabilities;
            }
        }

        if (detector.Flush() is { } last)
        {
            yield return [last];
        }
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        microphones.End(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
