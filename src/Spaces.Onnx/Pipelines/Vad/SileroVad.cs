using Spaces.Onnx.Pipelines.Audio;

namespace Spaces.Onnx.Pipelines.Vad;

/// <summary>
/// Streaming voice activity detection with Silero VAD v5 (<c>silero_vad_v5.onnx</c>: inputs <c>input</c> f32[N, 64 + 512],
/// <c>state</c> f32[2, N, 128], <c>sr</c> int64 scalar; outputs <c>output</c> f32[N, 1] and <c>stateN</c>). Audio at 16 kHz is
/// cut into 512-sample (32 ms) chunks; each chunk is run with the last 64 samples of the previous one in front (as silero-vad's
/// own wrapper does) and with the recurrent state the previous run returned.
/// Takes blocks of any length and returns the speech probability of every chunk completed so far.
/// Not thread-safe: one instance per audio stream (instances may share the session).
/// </summary>
public sealed class SileroVad
{
    /// <summary>The sample rate the detector runs at.</summary>
    public const int SampleRate = 16_000;

    /// <summary>Samples per chunk (32 ms at 16 kHz).</summary>
    public const int ChunkSamples = 512;

    /// <summary>Samples of the previous chunk put in front of each chunk.</summary>
    public const int ContextSamples = 64;

    /// <summary>Size of the recurrent state: 2 x 1 x 128.</summary>
    private const int StateSize = 2 * 128;

    /// <summary>The duration of one chunk.</summary>
    public static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(1000.0 * ChunkSamples / SampleRate);

    private readonly OrtSession _session;
    private readonly float[] _pending = new float[ChunkSamples];
    private readonly float[] _context = new float[ContextSamples];
    private float[] _state = new float[StateSize];
    private int _pendingCount;

    /// <summary>Uses an open Silero VAD v5 session (not disposed by this object).</summary>
    /// <exception cref="ArgumentException">The session lacks the <c>input</c>, <c>state</c> and <c>sr</c> inputs.</exception>
    public SileroVad(OrtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var names = session.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.SetEquals(["input", "state", "sr"]) || !session.Outputs.Any(o => o.Name == "output") || !session.Outputs.Any(o => o.Name == "stateN"))
        {
            throw new ArgumentException(
                $"not a Silero VAD v5 model: inputs are [{string.Join(", ", names)}], expected input, state and sr", nameof(session));
        }
        _session = session;
    }

    /// <summary>How many chunks have been run since creation or the last <see cref="Reset"/>.</summary>
    public long ChunksProcessed { get; private set; }

    /// <summary>Feeds 16 kHz mono samples; returns the probability of each chunk they complete (possibly none).</summary>
    public IReadOnlyList<float> Process(ReadOnlySpan<float> samples)
    {
        var probabilities = new List<float>((_pendingCount + samples.Length) / ChunkSamples);
        while (!samples.IsEmpty)
        {
            var take = Math.Min(ChunkSamples - _pendingCount, samples.Length);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount == ChunkSamples)
            {
                probabilities.Add(RunChunk());
                _pendingCount = 0;
            }
        }
        return probabilities;
    }

    /// <summary>Runs a last, zero-padded chunk if samples are pending; returns its probability, or null when nothing was pending.</summary>
    public float? Flush()
    {
        if (_pendingCount == 0)
        {
            return null;
        }
        Array.Clear(_pending, _pendingCount, ChunkSamples - _pendingCount);
        _pendingCount = 0;
        return RunChunk();
    }

    /// <summary>Forgets the state, the context and any pending samples: the next sample starts a new stream.</summary>
    public void Reset()
    {
        _state = new float[StateSize];
        Array.Clear(_context);
        _pendingCount = 0;
        ChunksProcessed = 0;
    }

    /// <summary>The probability of every chunk of a clip (resampled to 16 kHz first; the last partial chunk zero-padded).</summary>
    public static IReadOnlyList<float> Detect(OrtSession session, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var vad = new SileroVad(session);
        var probabilities = new List<float>(vad.Process(clip.Resample(SampleRate).Samples));
        if (vad.Flush() is { } last)
        {
            probabilities.Add(last);
        }
        return probabilities;
    }

    private float RunChunk()
    {
        var input = new float[ContextSamples + ChunkSamples];
        _context.CopyTo(input, 0);
        _pending.CopyTo(input, ContextSamples);
        var outputs = _session.Run(new Dictionary<string, Tensor>
        {
            ["input"] = Tensor.Create(input, 1, ContextSamples + ChunkSamples),
            ["state"] = Tensor.Create(_state, 2, 1, 128),
            ["sr"] = Tensor.Create(new long[] { SampleRate }),
        }, ["output", "stateN"]);
        _state = outputs["stateN"].ToArray<float>();
        Array.Copy(input, input.Length - ContextSamples, _context, 0, ContextSamples);
        ChunksProcessed++;
        return outputs["output"].AsSpan<float>()[0];
    }
}
