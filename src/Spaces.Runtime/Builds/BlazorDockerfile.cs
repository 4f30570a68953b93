using System.Globalization;
using System.Text;

namespace Spaces.Runtime.Builds;

/// <summary>
/// The Dockerfile the platform writes for a blazor Space: publish in the SDK image, run on the ASP.NET Core image listening on app_port.
/// It goes into the build context as <see cref="PathInContext"/>, a name a repository cannot meaningfully use.
/// </summary>
internal static class BlazorDockerfile
{
    /// <summary>Where the generated Dockerfile lives in the build context.</summary>
    public const string PathInContext = ".spaces/Dockerfile";

    /// <summary>An empty folder offered as the only package source when the first restore fails offline, so NuGet names what it misses.</summary>
    private const string OfflineFeed = "/tmp/spaces-offline-feed";

    /// <summary>Writes the Dockerfile.</summary>
    /// <param name="project">The project to publish.</param>
    /// <param name="appPort">The port the app listens on.</param>
    /// <param name="sdkImage">The .NET SDK image.</param>
    /// <param name="aspNetImage">The ASP.NET Core runtime image.</param>
    /// <param name="labels">Labels for the build stage's layers, so they can be found and removed with the Space's images.</param>
    /// <param name="offline">Builds run without network: a failed restore is repeated against an empty source to name the missing packages.</param>
    public static string Write(
        BlazorProject project, int appPort, string sdkImage, string aspNetImage, IReadOnlyDictionary<string, string> labels, bool offline)
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

        var text = new StringBuilder();
        text.Append("# Written by Spaces for a blazor Space: published with the .NET SDK, run on ASP.NET Core.\n");
        text.Append(CultureInfo.InvariantCulture, $"FROM {sdkImage} AS build\n");
        if (labels.Count > 0)
        {
            text.Append("LABEL");
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                text.Append(' ').Append(key).Append('=').Append(DoubleQuote(value));
            }

            text.Append('\n');
        }

        text.Append("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1\n");
        text.Append("WORKDIR /src\n");
        text.Append("COPY . .\n");
        text.Append(CultureInfo.InvariantCulture, $"WORKDIR /src/{directory}\n");
        text.Append(CultureInfo.InvariantCulture, $"RUN {restore}\n");
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
    /// Whether a project path can be written into the Dockerfile as is (WORKDIR, RUN, the exec-form ENTRYPOINT need no quoting then).
    /// </summary>
    public static bool IsWritable(string projectPath) =>
        projectPath.Length > 0 && projectPath.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/') &&
        projectPath.Split('/').All(part => part.Length > 0 && part[0] != '-');

    /// <summary>A Dockerfile double-quoted word: backslash, quote and '$' (variable expansion) escaped.</summary>
    internal static string DoubleQuote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal) + "\"";
}
