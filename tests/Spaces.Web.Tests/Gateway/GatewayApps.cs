using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.TestSupport;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Gateway;

/// <summary>The Spaces the gateway tests serve, committed through the Hub's commit API: busybox apps, a slow and a broken build, static sites.</summary>
internal static class GatewayApps
{
    public const string BaseImage = TestEngine.BaseImage;
    public const string BusyboxPage = "hello through the gateway";
    public const string StaticPage = "<!DOCTYPE html><title>site</title><p>static through the gateway</p>\n";
    public const string DocsPage = "<p>the docs folder</p>\n";

    /// <summary>busybox httpd serving /www on 7860 (<see cref="BusyboxApp"/>).</summary>
    public static (string Path, byte[] Content)[] Busybox(string extraFrontMatter = "") =>
        BusyboxApp.Site("Busybox", BusyboxPage + "\n", extraFrontMatter, BaseImage);

    /// <summary>A docker Space whose build sleeps: it stays BUILDING while the tests look.</summary>
    public static (string Path, byte[] Content)[] SlowBuild() =>
    [
        ("README.md", Utf8("---\nsdk: docker\n---\n")),
        ("Dockerfile", Utf8($"FROM {BaseImage}\nRUN sleep 600\n")),
    ];

    /// <summary>A docker Space whose build fails at once.</summary>
    public static (string Path, byte[] Content)[] BrokenBuild() =>
    [
        ("README.md", Utf8("---\nsdk: docker\n---\n")),
        ("Dockerfile", Utf8($"FROM {BaseImage}\nRUN echo '<b>broken</b>' && exit 3\n")),
    ];

    public static (string Path, byte[] Content)[] StaticSite(string frontMatter = "") =>
    [
        ("README.md", Utf8($"---\ntitle: Site\nsdk: static\n{frontMatter}---\n")),
        ("index.html", Utf8(StaticPage)),
        ("style.css", Utf8("body { color: rebeccapurple; }\n")),
        ("docs/index.html", Utf8(DocsPage)),
    ];

    public static async Task CreateAsync(HttpClient client, string owner, string name, string sdk, bool isPrivate, (string Path, byte[] Content)[] files)
    {
        await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await client.PostAsJsonAsync("/api/repos/create", new { name, type = "space", sdk, @private = isPrivate }));
        var lines = new List<string>
        {
            JsonSerializer.Serialize(new { key = "header", value = new { summary = "The gateway test app", description = "" } }),
        };
        lines.AddRange(files.Select(f => JsonSerializer.Serialize(new
        {
            key = "file",
            value = new { path = f.Path, content = Convert.ToBase64String(f.Content), encoding = "base64" },
        })));
        using var body = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.PostAsync($"/api/spaces/{owner}/{name}/commit/main", body));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
