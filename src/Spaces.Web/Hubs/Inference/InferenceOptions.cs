namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// Limits of the live inference hub, bound from <c>Spaces:Inference</c> (which sessions stay open, and the largest model, are the
/// inference API's settings: the widgets share its session cache).
/// </summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Inference";

    /// <summary>The largest hub message (an image as base64). Default 8 MB.</summary>
    public long MaxMessageBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The most samples in one audio block of a voice-activity stream. Default 65536 (4 s at 16 kHz).</summary>
    public int MaxAudioBlockSamples { get; set; } = 65_536;
}
