using System.Text;

namespace Spaces.TestSupport;

/// <summary>
/// The docker Space the functional tests run: the host's static busybox copied into <see cref="TestEngine.BaseImage"/> for its tiny
/// HTTP server. Files go through git, which the Hub API's commits give no executable bit, so the Dockerfile sets it.
/// </summary>
public static class BusyboxApp
{
    /// <summary>Where the host's static busybox is (Debian's busybox-static).</summary>
    public const string HostPath = "/bin/busybox";

    /// <summary>The port the app serves on (the platform's default app_port).</summary>
    public const int Port = 7860;

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        RequireOnHost("The busybox test app");
        return File.ReadAllBytes(HostPath);
    });

    /// <summary>The host's busybox binary.</summary>
    /// <exception cref="InvalidOperationException">It is not installed; the message says how to install it.</exception>
    public static byte[] Binary => Bytes.Value;

    /// <summary>
    /// Files of a docker Space serving <paramref name="indexHtml"/> from <c>/www</c> with busybox httpd on <see cref="Port"/>: its
    /// README.md (title, sdk docker, app_port, then <paramref name="extraFrontMatter"/> lines), Dockerfile, busybox and www/index.html.
    /// </summary>
    /// <param name="title">The Space's title.</param>
    /// <param name="indexHtml">The page served at <c>/</c>.</param>
    /// <param name="extraFrontMatter">More front matter lines, each ending with a line break. Default none.</param>
    /// <param name="baseImage">The image to build on. Default <see cref="TestEngine.BaseImage"/>.</param>
    /// <param name="command">A shell command run instead of <c>exec /bin/busybox httpd -f -p 7860 -h /www</c>. Default none.</param>
    public static (string Path, byte[] Content)[] Site(
        string title, string indexHtml, string extraFrontMatter = "", string baseImage = TestEngine.BaseImage, string? command = null) =>
    [
        ("README.md", Utf8($"---\ntitle: {title}\nsdk: docker\napp_port: {Port}\n{extraFrontMatter}---\n# {title}\n")),
        ("Dockerfile", Utf8(Dockerfile(baseImage, "", "COPY www /www", command is null
            ? $"CMD [\"{HostPath}\",\"httpd\",\"-f\",\"-p\",\"{Port}\",\"-h\",\"/www\"]"
            : $"CMD [\"{HostPath}\",\"sh\",\"-c\",{System.Text.Json.JsonSerializer.Serialize(command)}]"))),
        ("busybox", Binary),
        ("www/index.html", Utf8(indexHtml)),
    ];

    /// <summary>
    /// Files of a docker Space running <paramref name="script"/> (<c>app.sh</c>) with bash, busybox on the PATH: Dockerfile, busybox and
    /// app.sh; no README.md.
    /// </summary>
    /// <param name="script">The app, a bash script.</param>
    /// <param name="afterFrom">Dockerfile lines right after FROM, e.g. a LABEL marking a test run's layers. Default none.</param>
    /// <param name="baseImage">The image to build on. Default <see cref="TestEngine.BaseImage"/>.</param>
    public static Dictionary<string, byte[]> Script(string script, string afterFrom = "", string baseImage = TestEngine.BaseImage) => new()
    {
        ["Dockerfile"] = Utf8(Dockerfile(baseImage, afterFrom, "COPY app.sh /app.sh", "CMD [\"bash\", \"/app.sh\"]")),
        ["busybox"] = Binary,
        ["app.sh"] = Utf8(script.Replace("\r\n", "\n", StringComparison.Ordinal)),
    };

    /// <summary>Fails unless the host has busybox, saying how to install it.</summary>
    /// <param name="tests">Who needs it, for the message.</param>
    public static void RequireOnHost(string tests)
    {
        if (!File.Exists(HostPath))
        {
            throw new InvalidOperationException(
                $"{tests} need {HostPath}: install it with `apt-get install -y busybox-static` (scripts/lib/prepare.sh, run by scripts/test, does).");
        }
    }

    private static string Dockerfile(string baseImage, string afterFrom, params string[] steps)
    {
        var lines = new List<string> { $"FROM {baseImage}" };
        if (afterFrom.Length > 0)
        {
            lines.Add(afterFrom.TrimEnd('\n'));
        }

        lines.Add($"COPY busybox {HostPath}");
        lines.Add($"RUN chmod 755 {HostPath}");
        lines.AddRange(steps);
        return string.Join('\n', lines) + "\n";
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
