using System.Globalization;
using System.Text;

namespace Spaces.Runtime.Builds;

/// <summary>
/// The Dockerfile the platform writes for a blazor Space: publish in the SDK image, run on the ASP.NET Core image listening on app_port.
/// It goes into the build context as <see cref="PathInContext"/>, a name a repository cannot meaningfully use. The files that decide
/// the restore (<see cref="RestoreInputs"/>) and the platform's feed are copied before it, every other file is created empty at its
/// path (the SDK's item globs decide some packages, e.g. a .razor file brings in the blazor.web.js package), and the real contents are
/// copied after it: a commit that changes only the contents of other files reuses the restore from the layer cache.
/// </summary>
internal static class BlazorDockerfile
{
    /// <summary>Where the generated Dockerfile lives in the build context.</summary>
    public const string PathInContext = ".spaces/Dockerfile";

    /// <summary>
    /// At most this many COPY instructions (one per folder) before the restore; a repository spread over more folders gets one COPY of
    /// everything, as each COPY is a layer and the engine caps an image's layers.
    /// </summary>
    public const int MaxRestoreCopies = 32;

    /// <summary>At most this many characters of paths in the RUN creating the other files empty; a larger repository gets one COPY.</summary>
    public const int MaxPlaceholderChars = 100_000;

    /// <summary>An empty folder offered as the only package source when the first restore fails offline, so NuGet names what it misses.</summary>
    private const string OfflineFeed = "/tmp/spaces-offline-feed";

    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj", ".proj", ".props", ".targets"];

    private static readonly string[] RestoreFileNames = ["nuget.config", "global.json", "packages.lock.json"];

    /// <summary>Writes the Dockerfile.</summary>
    /// <param name="project">The project to publish.</param>
    /// <param name="appPort">The port the app listens on.</param>
    /// <param name="sdkImage">The .NET SDK image.</param>
    /// <param name="aspNetImage">The ASP.NET Core runtime image.</param>
    /// <param name="labels">
    /// Labels for the build stage's layers, so they can be found and removed with the Space's images (the final stage's line is
    /// appended by the builder, <see cref="DockerfileLabels"/>).
    /// </param>
    /// <param name="offline">Builds run without network: a failed restore is repeated against an empty source to name the missing packages.</param>
    /// <param name="files">
    /// The build context's files from the repository ('/'-separated, relative), of which the <see cref="RestoreInputs"/> are copied before
    /// the restore and the others created empty; null, or a path that cannot be written as is (<see cref="IsWritable"/>), gives one COPY
    /// of everything first, as before.
    /// The platform's feed (<see cref="BlazorSdkFiles.FeedInContext"/>, always in the context) is copied with them.
    /// </param>
    public static string Write(
        BlazorProject project, int appPort, string sdkImage, string aspNetImage, IReadOnlyDictionary<string, string> labels, bool offline,
        IEnumerable<string>? files)
    {
        var directory = Path.GetDirectoryName(project.Path)?.Replace('\\', '/') ?? "";
        var file = Path.GetFileName(project.Path);
        var port = appPort.ToString(CultureInfo.InvariantCulture);
        // The platform's packages (BlazorSdkFiles) are an extra source: the repository's own NuGet.config still applies.
        var restore = $"dotnet restore {file} -p:RestoreAdditionalProjectSources=/src/{BlazorSdkFiles.FeedInContext}";
        if (offline)
        {
            restore += $" || (mkdir -p {OfflineFeed} && dotnet restore {file} --source {OfflineFeed}; exit 1)";
        }

        var all = files?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var copies = all is null ? null : RestoreCopies(all);
        var text = new StringBuilder();
        text.Append("# Written by Spaces for a blazor Space: published with the .NET SDK, run on ASP.NET Core.\n");
        text.Append(CultureInfo.InvariantCulture, $"FROM {sdkImage} AS build\n");
        if (DockerfileLabels.Instruction(labels) is { } labelLine)
        {
            text.Append(labelLine).Append('\n');
        }

        text.Append("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1\n");
        text.Append("WORKDIR /src\n");
        if (copies is null)
        {
            text.Append("COPY . .\n");
            text.Append(CultureInfo.InvariantCulture, $"WORKDIR /src/{directory}\n");
            text.Append(CultureInfo.InvariantCulture, $"RUN {restore}\n");
        }
        else
        {
            // What the restore reads at its own path, the other files empty (their names count for the SDK's globs, not their
            // contents): the restore layer is reused until one of these inputs changes or a file is added or removed.
            foreach (var copy in copies)
            {
                text.Append(copy).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"WORKDIR /src/{directory}\n");
            text.Append(CultureInfo.InvariantCulture, $"RUN {restore}\n");
            text.Append("COPY . /src/\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"RUN dotnet publish {file} -c Release -o /app --no-restore -p:UseAppHost=false\n");
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"FROM {aspNetImage}\n");
        text.Append("WORKDIR /app\n");
        text.Append("COPY --from=build /app .\n");
        text.Append(CultureInfo.InvariantCulture, $"ENV ASPNETCORE_HTTP_PORTS={port}\n");
        text.Append(CultureInfo.InvariantCulture, $"EXPOSE {port}\n");
        text.Append("USER 1000\n");
        text.Append(CultureInfo.InvariantCulture, $"ENTRYPOINT [\"dotnet\", \"{project.AssemblyName}.dll\"]\n");
        return text.ToString();
    }

    /// <summary>
    /// The files among <paramref name="files"/> that decide what <c>dotnet restore</c> does: project files, MSBuild .props and .targets
    /// (Directory.Build.props, Directory.Packages.props, ...), NuGet.config in any case, global.json and packages.lock.json, at any depth,
    /// in ordinal order. Files inside the platform's feed folder are left out: the folder is copied whole.
    /// </summary>
    public static IReadOnlyList<string> RestoreInputs(IEnumerable<string> files) =>
        [.. files.Where(IsRestoreInput).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Whether a project path can be written into the Dockerfile as is (WORKDIR, RUN, the exec-form ENTRYPOINT need no quoting then).
    /// </summary>
    public static bool IsWritable(string projectPath) =>
        projectPath.Length > 0 && projectPath.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/') &&
        projectPath.Split('/').All(part => part.Length > 0 && part[0] != '-');

    private static bool IsRestoreInput(string path)
    {
        if (path.StartsWith(BlazorSdkFiles.FeedInContext + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        return ProjectExtensions.Any(extension => name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) ||
            RestoreFileNames.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The instructions before the restore: a COPY per folder of restore inputs (its files, then the folder with a trailing '/'), the
    /// platform's feed, then a RUN creating every other file empty. Null when a path cannot be written as is (also "." or ".." parts),
    /// or there would be too many COPY instructions or too long a RUN.
    /// </summary>
    private static List<string>? RestoreCopies(List<string> files)
    {
        if (files.Any(path => !IsWritable(path) || path.Split('/').Any(part => part is "." or "..")))
        {
            return null;
        }

        var inputs = RestoreInputs(files);
        var copies = inputs
            .GroupBy(path => path.LastIndexOf('/') is var slash and >= 0 ? path[..(slash + 1)] : "", StringComparer.Ordinal)
            .OrderBy(folder => folder.Key, StringComparer.Ordinal)
            .Select(folder => "COPY " + string.Join(' ', folder) + " " + (folder.Key.Length == 0 ? "./" : folder.Key))
            .ToList();
        copies.Add($"COPY {BlazorSdkFiles.FeedInContext}/ {BlazorSdkFiles.FeedInContext}/");
        if (copies.Count > MaxRestoreCopies)
        {
            return null;
        }

        var others = files.Except(inputs, StringComparer.Ordinal)
            .Where(path => !path.StartsWith(BlazorSdkFiles.FeedInContext + "/", StringComparison.Ordinal)).ToList();
        if (others.Count > 0)
        {
            var folders = others.Where(path => path.Contains('/', StringComparison.Ordinal))
                .Select(path => path[..path.LastIndexOf('/')]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var run = "RUN " + (folders.Count > 0 ? $"mkdir -p {string.Join(' ', folders)} && " : "") + $"touch {string.Join(' ', others)}";
            if (run.Length > MaxPlaceholderChars)
            {
                return null;
            }

            copies.Add(run);
        }

        return copies;
    }
}
