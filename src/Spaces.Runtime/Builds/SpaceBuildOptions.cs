namespace Spaces.Runtime.Builds;

/// <summary>Builder settings beyond <see cref="RuntimeOptions"/>.</summary>
public sealed class SpaceBuildOptions
{
    /// <summary>
    /// Labels added to every image the builder makes and required of every image it prunes, e.g. to keep apart several platforms
    /// (or test runs) sharing one engine. Default none.
    /// </summary>
    public Dictionary<string, string> ExtraLabels { get; set; } = new(StringComparer.Ordinal);
}
