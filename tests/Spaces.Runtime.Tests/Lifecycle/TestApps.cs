using System.Text;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>Docker Space files for tests: the base image, busybox from the host (for its tiny HTTP server) and a bash script as the app.</summary>
public static class TestApps
{
    private static readonly Lazy<byte[]> Busybox = new(() => File.ReadAllBytes("/bin/busybox"));

    /// <summary>A script that prints <paramref name="greeting"/> to its log, writes it as the page and serves it on 7860.</summary>
    public static string Serve(string greeting, string before = "") => $"""
        {before}
        echo "starting {greeting}"
        mkdir -p /tmp/www && echo "{greeting}" > /tmp/www/index.html
        exec busybox httpd -f -p 7860 -h /tmp/www
        """;

    /// <summary>The files of a docker Space running <paramref name="script"/> with bash, busybox on the PATH.</summary>
    public static Dictionary<string, byte[]> Files(RuntimeFixture fixture, string script) => new()
    {
        ["Dockerfile"] = Encoding.UTF8.GetBytes($"""
            FROM {RuntimeFixture.BaseImage}
            LABEL {RuntimeFixture.RunLabel}={fixture.RunId}
            COPY busybox /bin/busybox
            RUN chmod 755 /bin/busybox
            COPY app.sh /app.sh
            CMD ["bash", "/app.sh"]
            """),
        ["busybox"] = Busybox.Value,
        ["app.sh"] = Encoding.UTF8.GetBytes(script.Replace("\r\n", "\n", StringComparison.Ordinal)),
    };

    /// <summary>GET http://127.0.0.1:{port}/ (the only way tests reach a Space: its port published on loopback).</summary>
    public static async Task<string> GetAsync(int port, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{port}/");
    }
}
