using System.Text;
using Spaces.TestSupport;

namespace Spaces.Web.Tests.EndToEnd;

/// <summary>
/// The pushed docker Space: busybox (copied from the host) serves a page and the SHA-256 of the <c>API_KEY</c> secret it got from its
/// environment. Root is read-only and the app runs as uid 1000, so the files are served from the tmpfs <c>/tmp</c>. The Dockerfile also
/// echoes <c>API_KEY</c> at build time: were the secret passed as a build argument, it would show in the build log and the history.
/// </summary>
internal static class JourneyApp
{
    public const int Port = 7860;
    public const string SecretKey = "API_KEY";
    public const string Page = "hello from a pushed Space";
    public const string ServingLine = "serving on 7860";
    public const string BuildTimeEcho = "build-time API_KEY=[";
    public const string HashPath = "/h";

    public static string Dockerfile(string baseImage) => $"""
        FROM {baseImage}
        ARG {SecretKey}
        RUN echo "{BuildTimeEcho}${SecretKey}]"
        COPY busybox /bin/busybox
        COPY www /www
        CMD printf '%s' "${SecretKey}" | /bin/busybox sha256sum > /tmp{HashPath} && cp -r /www/. /tmp/ && echo "{ServingLine}" && exec /bin/busybox httpd -f -p {Port} -h /tmp

        """;

    public static string Readme => $"""
        ---
        title: Hello docker
        sdk: docker
        app_port: {Port}
        ---
        # Hello docker

        """;

    /// <summary>Writes the app into a checkout (busybox keeps its executable bit, which git records).</summary>
    public static void WriteTo(string checkout, string baseImage)
    {
        File.WriteAllText(Path.Combine(checkout, "Dockerfile"), Dockerfile(baseImage), Encoding.UTF8);
        File.WriteAllText(Path.Combine(checkout, "README.md"), Readme, Encoding.UTF8);
        Directory.CreateDirectory(Path.Combine(checkout, "www"));
        File.WriteAllText(Path.Combine(checkout, "www", "index.html"), Page + "\n", Encoding.UTF8);
        var busybox = Path.Combine(checkout, "busybox");
        File.WriteAllBytes(busybox, BusyboxApp.Binary);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(busybox, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
