namespace Spaces.Runtime.Builds;

/// <summary>
/// The files the blazor SDK adds to every build context, from <see cref="SpaceBuildOptions.BlazorSdkDirectory"/>: the SignalR browser
/// client at <c>{project folder}/wwwroot/lib/signalr/signalr.min.js</c> (a file the repository holds there is kept), and the
/// platform's NuGet packages (<c>packages/{id}.{version}.nupkg</c>, e.g. Spaces.Onnx) the project references, as a local feed at
/// <see cref="FeedInContext"/>.
/// </summary>
internal sealed partial class BlazorSdkFiles(string directory)
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
    public void AddTo(string contextDirectory, string projectPath, string projectXml)
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
        foreach (var package in Referenced(projectXml))
        {
            File.Copy(Path.Combine(Directory, "packages", package), Path.Combine(feed, package), overwrite: true);
        }
    }

    /// <summary>The packages whose id the project file names (a project that uses none gets an empty feed and no extra bytes).</summary>
    public IReadOnlyList<string> Referenced(string projectXml) =>
        [.. Packages.Where(package => PackageFile().Match(package) is { Success: true } match &&
            projectXml.Contains($"\"{match.Groups[1].Value}\"", StringComparison.OrdinalIgnoreCase))];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(.+?)\.\d+\.\d+\.\d+.*\.nupkg$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PackageFile();
}
