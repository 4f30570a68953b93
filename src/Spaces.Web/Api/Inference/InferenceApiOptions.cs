namespace Spaces.Web.Api.Inference;

/// <summary>Limits of the Open Inference Protocol API, bound from <c>Spaces:InferenceApi</c>.</summary>
public sealed class InferenceApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Spaces:InferenceApi";

    /// <summary>Budget of the session cache: the sum of the sizes of the model files kept open. Default 1 GiB.</summary>
    public long MaxCachedModelBytes { get; set; } = 1L << 30;

    /// <summary>Largest model file the API opens. Default 512 MiB.</summary>
    public long MaxModelBytes { get; set; } = 512L << 20;

    /// <summary>Threads ORT uses inside one operator for these sessions. Default 0: ORT's choice (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Largest number of elements in one input tensor of a request. Default 16 Mi.</summary>
    public long MaxInputElements { get; set; } = 16L << 20;
}
