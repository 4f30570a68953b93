namespace Spaces.Web.Hubs.Inference;

/// <summary>Limits of the live inference hub, bound from <c>Spaces:Inference</c>.</summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Inference";

    /// <summary>Model revisions kept open at once (least recently used first out, once no call uses them). Default 4.</summary>
    public int MaxOpenModels { get; set; } = 4;

    /// <summary>The largest model file the hub loads. Default 256 MB.</summary>
    public long MaxModelBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest hub message (an image as base64). Default 8 MB.</summary>
    public long MaxMessageBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The most samples in one audio block of a voice-activity stream. Default 65536 (4 s at 16 kHz).</summary>
    public int MaxAudioBlockSamples { get; set; } = 65_536;
}
