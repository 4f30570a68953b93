namespace Spaces.Web.Live;

/// <summary>Timing of the live streams, bound from <c>Spaces:Live</c>.</summary>
public sealed class LiveOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Live";

    /// <summary>An idle server-sent event stream gets a keep-alive event this often. Default 15 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the metrics sampler checks who watches (the engine itself samples about once a second). Default 1 second.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(1);
}
