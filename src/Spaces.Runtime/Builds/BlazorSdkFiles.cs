namespace Spaces.Runtime.Builds;

/// <summary>
/// The files the blazor SDK adds to every build context, from <see cref="SpaceBuildOptions.BlazorSdkDirectory"/>: the SignalR browser
/// client at <c>{project folder}/wwwroot/lib/signalr/signalr.min.js</c> (a file the repository holds there is kept), and the
/// platform's NuGet packages (<c>packages/*.nupkg</c>, e.g. Spaces.Onnx) as a local feed at <see cref="FeedInContext"/>.
/// </summary>
internal sealed class BlazorSdkFiles(string directory)
{
    /// <summary>Where the platform's packages go in the build context (an extra restore source).</summary>
    public const string FeedInContext = ".spaces/packages";

    /// <summary>Where the SignalR client goes, relative to the project's folder.</summary>
    public const string SignalRInProject = "wwwroot/lib/signalr/signalr.min.js";

    /// <summary>The folder holding <c>signalr/signalr.min.js</c> and <c>packages/</c>.</summary>
    public string Directory { get; } = directory;

    private string SignalRClient => Path.Combine(Directory, "signalr", "signalr.min.js");

    /// <summary>The packages the feed offers (file names).</summary>
    public IReadOnlyList<string> Packages => System.IO.Directory.Exists(Path.Combine(Directory, "packages"))
        ? [.. System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "packages"), "*.nupkg").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
        : [];

    /// <summary>
    /// Copies the files into the exported revision at <paramref name="contextDirectory"/> for the project at <paramref name="projectPath"/>.
    /// Throws <see cref="InvalidOperationException"/> when the platform's own files are missing (an installation problem, named).
    /// </summary>
    public void AddTo(string contextDirectory, string projectPath)
    {
        if (!File.Exists(SignalRClient))
        {
            throw new InvalidOperationException(
                $"The blazor SDK's SignalR client is missing from {SignalRClient}: the platform was built without its assets (run scripts/run, or set SPACES_ASSETS_DIR when building it).");
        }

        var projectDirectory = Path.Combine(contextDirectory, Path.GetDirectoryName(projectPath) ?? "");
        var client = Path.Combine(projectDirectory, SignalRInProject);
        if (!File.Exists(client))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(client)!);
            File.Copy(SignalRClient, client);
        }

        var feed = Path.Combine(contextDirectory, FeedInContext);
        System.IO.Directory.CreateDirectory(feed);
        foreach (var package in Packages)
        {
            File.Copy(Path.Combine(Directory, "packages", package), Path.Combine(feed, package), overwrite: true);
        }
    }
}
