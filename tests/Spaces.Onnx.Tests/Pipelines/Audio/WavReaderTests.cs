using Spaces.Onnx.Pipelines.Audio;

namespace Spaces.Onnx.Tests.Pipelines.Audio;

public sealed class WavReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("16", "signed-integer")]
    [InlineData("32", "floating-point")]
    [InlineData("64", "floating-point")]
    [InlineData("8", "unsigned-integer")]
    [InlineData("24", "signed-integer")]
    [InlineData("32", "signed-integer")]
    public void Sample_formats_decode_to_what_sox_reads(string bits, string encoding)
    {
        var path = Sine(16_000, 1, "-b", bits, "-e", encoding);

        var clip = WavReader.Read(File.ReadAllBytes(path));

        Assert.Equal(16_000, clip.SampleRate);
        Assert.Equal(8_000, clip.Samples.Length);
        var reference = SoxSamples(path);
        Assert.All(Enumerable.Range(0, reference.Length), i => Assert.Equal(reference[i], clip.Samples[i], 1e-6f));
        Assert.InRange(clip.Samples.Max(), 0.45f, 0.51f);
    }

    [Fact]
    public void Stereo_is_mixed_to_mono()
    {
        // Left: the sine; right: silence -> the mono mix is half the sine.
        var path = Path.Combine(_dir.Path, "stereo.wav");
        ExternalTool.Run(ExternalTool.Sox, "-n", "-r", "16000", "-b", "16", "-c", "2", path, "synth", "0.5", "sine", "440", "sine", "440",
            "remix", "1", "0", "vol", "1");
        var clip = WavReader.Read(File.ReadAllBytes(path));

        Assert.Equal(8_000, clip.Samples.Length);
        Assert.InRange(clip.Samples.Max(), 0.49, 0.51);
    }

    [Fact]
    public void Other_rates_are_resampled_linearly_to_16_kHz()
    {
        var tone = new AudioClip(Tone(44_100, 22_050), 44_100);

        var clip = tone.Resample(16_000);

        Assert.Equal(16_000, clip.SampleRate);
        Assert.Equal(8_000, clip.Samples.Length);
        // Linear interpolation of a 440 Hz tone sampled at 44.1 kHz is within h^2/8 * max|f''| (2.5e-4) of the tone itself.
        var expected = Tone(16_000, 8_000);
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(expected[i], clip.Samples[i], 3e-4f));
    }

    [Fact]
    public void A_wav_streamed_to_a_pipe_reads_to_the_end()
    {
        // sox writing to stdout cannot seek back to fill in the sizes.
        var bytes = ExternalTool.Run(ExternalTool.Sox, "-D", "-n", "-r", "16000", "-b", "16", "-c", "1", "-t", "wav", "-", "synth", "0.5", "sine", "440", "vol", "0.5");

        var clip = WavReader.Read(bytes);

        Assert.Equal(8_000, clip.Samples.Length);
        var reference = SoxSamples(Sine(16_000, 1, "-b", "16", "-e", "signed-integer"));
        Assert.Equal(reference, clip.Samples);
    }

    [Fact]
    public void Non_wav_and_unsupported_formats_are_refused_with_the_reason()
    {
        Assert.Contains("RIFF", Assert.Throws<InvalidDataException>(() => WavReader.Read("ID3 not a wav"u8)).Message);
        var alaw = Sine(8_000, 1, "-e", "a-law");
        Assert.Contains("format 6", Assert.Throws<InvalidDataException>(() => WavReader.Read(File.ReadAllBytes(alaw))).Message);
    }

    private string Sine(int rate, int channels, params string[] format)
    {
        var path = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".wav");
        ExternalTool.Run(ExternalTool.Sox,
        [
            "-D", "-n", "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. format, path, "synth", "0.5", "sine", "440", "vol", "0.5",
        ]);
        return path;
    }

    private static float[] Tone(int rate, int count) =>
        Enumerable.Range(0, count).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / rate))).ToArray();

    /// <summary>sox's own reading of a file, as mono 32-bit floats.</summary>
    private static float[] SoxSamples(string path)
    {
        var raw = ExternalTool.Run(ExternalTool.Sox, path, "-t", "f32", "-c", "1", "-");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }
}
