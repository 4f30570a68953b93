namespace Spaces.Runtime.Builds;

/// <summary>Builder settings beyond <see cref="RuntimeOptions"/>.</summary>
public sealed class SpaceBuildOptions
{
    /// <summary>
    /// Labels added to every image the builder makes and required of every image it prunes, e.g. to keep apart several platforms
    /// (or test runs) sharing one engine. Default none.
    /// </summary>
    public Dictionary<string, string> ExtraLabels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The blazor SDK's files (<see cref="BlazorSdkFiles"/>): the SignalR client and the platform's packages. Default <c>blazor-sdk</c>
    /// next to the application, where the build puts them; a relative path is taken from the application's folder.
    /// </summary>
    public string BlazorSdkDirectory { get; set; } = "blazor-sdk";

    /// <summary><see cref="BlazorSdkDirectory"/> as a full path.</summary>
    public string BlazorSdkFullPath => Path.GetFullPath(BlazorSdkDirectory, AppContext.BaseDirectory);
}
