using Spaces.TestSupport;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>Docker Space apps for tests (<see cref="BusyboxApp"/>): scripts serving a greeting on 7860, and how tests reach them.</summary>
public static class TestApps
{
    /// <summary>A script that prints <paramref name="greeting"/> to its log, writes it as the page and serves it on 7860.</summary>
    public static string Serve(string greeting, string before = "") => $"""
        {before}
        echo "starting {greeting}"
        mkdir -p /tmp/www && echo "{greeting}" > /tmp/www/index.html
        exec busybox httpd -f -p 7860 -h /tmp/www
        """;

    /// <summary>The files of a docker Space running <paramref name="script"/> with bash, busybox on the PATH, its layers labelled with the run.</summary>
    public static Dictionary<string, byte[]> Files(RuntimeFixture fixture, string script) =>
        BusyboxApp.Script(script, afterFrom: $"LABEL {RuntimeFixture.RunLabel}={fixture.RunId}", baseImage: RuntimeFixture.BaseImage);

    /// <summary>GET http://127.0.0.1:{port}/ (the only way tests reach a Space: its port published on loopback).</summary>
    public static async Task<string> GetAsync(int port, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{port}/");
    }
}
