namespace Spaces.Onnx.Pipelines.Audio;

/// <summary>Mono audio: samples in -1..1 at a sample rate.</summary>
/// <param name="Samples">The samples.</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    /// <summary>The clip's length.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>The clip at another sample rate (linear interpolation); the same clip when the rate already matches.</summary>
    public AudioClip Resample(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (sampleRate == SampleRate || Samples.Length == 0)
        {
            return this with { SampleRate = sampleRate };
        }
        var length = (int)((long)Samples.Length * sampleRate / SampleRate);
        var output = new float[length];
        var step = (double)SampleRate / sampleRate;
        for (var i = 0; i < length; i++)
        {
            var position = i * step;
            var left = (int)position;
            var right = Math.Min(left + 1, Samples.Length - 1);
            var fraction = (float)(position - left);
            output[i] = Samples[left] + (Samples[right] - Samples[left]) * fraction;
        }
        return new AudioClip(output, sampleRate);
    }
}
