using Spaces.Onnx.Pipelines.Audio;
using Spaces.Onnx.Pipelines.Vad;
using Spaces.TestSupport;

namespace Spaces.Onnx.Tests.Pipelines.Vad;

[Collection(OrtCollection.Name)]
public sealed class SileroVadTests(OrtRuntimeFixture ort) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Speech_is_detected_inside_a_spoken_clip_and_not_in_the_silence_around_it()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.SileroVad);
        // 1 s of silence, the sentence, 1 s of silence.
        var clip = WavReader.Read(SpokenWav("Voice activity detection finds the speech in this sentence.", padSeconds: 1));

        var probabilities = SileroVad.Detect(session, clip);

        Assert.Equal((int)Math.Ceiling(clip.Samples.Length / 512.0), probabilities.Count);
        var leading = probabilities.Take(25).ToList();       // the first 0.8 s
        var trailing = probabilities.TakeLast(25).ToList();  // the last 0.8 s
        var middle = probabilities.Skip(31).SkipLast(31).ToList();
        Assert.True(leading.Max() < 0.5, $"leading silence max {leading.Max()}");
        Assert.True(trailing.Max() < 0.5, $"trailing silence max {trailing.Max()}");
        Assert.True(middle.Max() > 0.5, $"speech max {middle.Max()}");
        Assert.True(middle.Count(p => p > 0.5) > middle.Count / 2, $"{middle.Count(p => p > 0.5)} of {middle.Count} speech chunks above 0.5");
    }

    [Fact]
    public void Silence_and_noise_are_not_speech()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.SileroVad);
        var silence = new AudioClip(new float[16_000 * 2], 16_000);
        var noise = WavReader.Read(File.ReadAllBytes(Sox("noise.wav", "-n", "-r", "16000", "-b", "16", "-c", "1", "{out}", "synth", "3", "pinknoise", "vol", "0.1")));

        Assert.All(SileroVad.Detect(session, silence), p => Assert.InRange(p, 0f, 0.5f));
        Assert.All(SileroVad.Detect(session, noise), p => Assert.InRange(p, 0f, 0.5f));
    }

    [Fact]
    public void Blocks_of_any_length_give_the_same_probabilities_as_the_whole_clip()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.SileroVad);
        var clip = WavReader.Read(SpokenWav("one two three", padSeconds: 0.2)).Resample(SileroVad.SampleRate);
        var whole = new SileroVad(session).Process(clip.Samples);

        var vad = new SileroVad(session);
        var streamed = new List<float>();
        var random = new Random(3);
        for (var at = 0; at < clip.Samples.Length;)
        {
            var length = Math.Min(random.Next(1, 1500), clip.Samples.Length - at);
            streamed.AddRange(vad.Process(clip.Samples.AsSpan(at, length)));
            at += length;
        }

        Assert.Equal(clip.Samples.Length / SileroVad.ChunkSamples, streamed.Count);
        Assert.Equal(whole, streamed);
        Assert.Equal(streamed.Count, vad.ChunksProcessed);
    }

    [Fact]
    public void Reset_starts_a_new_stream()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.SileroVad);
        var clip = WavReader.Read(SpokenWav("reset me", padSeconds: 0.1)).Resample(SileroVad.SampleRate);
        var vad = new SileroVad(session);
        var first = vad.Process(clip.Samples);

        vad.Reset();

        Assert.Equal(first, vad.Process(clip.Samples));
    }

    [Fact]
    public void A_model_that_is_not_silero_is_refused()
    {
        using var session = ort.Runtime.OpenSession(TestAssets.OcrClassifier);

        Assert.Contains("not a Silero VAD v5 model", Assert.Throws<ArgumentException>(() => new SileroVad(session)).Message);
    }

    /// <summary>espeak-ng speaks the text at 22.05 kHz; sox pads it with silence and converts it to 16 kHz mono 16-bit.</summary>
    private byte[] SpokenWav(string text, double padSeconds)
    {
        var speech = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".wav");
        ExternalTool.Run(ExternalTool.Espeak, "-w", speech, text);
        var pad = padSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return File.ReadAllBytes(Sox(Guid.NewGuid().ToString("N") + ".wav", speech, "-r", "16000", "-b", "16", "-c", "1", "{out}", "pad", pad, pad));
    }

    private string Sox(string name, params string[] arguments)
    {
        var output = Path.Combine(_dir.Path, name);
        ExternalTool.Run(ExternalTool.Sox, arguments.Select(a => a == "{out}" ? output : a).ToArray());
        return output;
    }
}
