using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>
/// Browsers without JavaScript for the Space page tests: each registers (a cookie session, like a person), creates Spaces through
/// the API with a token, and posts the page's forms with their anti-forgery token the way a browser does.
/// </summary>
internal sealed class SpacePageKit(SpacesWebFactory factory) : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    /// <summary>A signed-in browser of a new user <paramref name="name"/>, and an API client with a write token of the same user.</summary>
    public async Task<(HttpClient Browser, HttpClient Api)> UserAsync(string name)
    {
        var (_, token) = await factory.CreateUserAsync(name);
        var browser = await UiKit.LoggedInAsync(factory, name);
        _clients.Add(browser);
        var api = factory.CreateClient(token);
        _clients.Add(api);
        return (browser, api);
    }

    /// <summary>A browser that is not signed in (cookies kept, redirects not followed).</summary>
    public HttpClient Anonymous()
    {
        var client = UiKit.NewBrowser(factory);
        _clients.Add(client);
        return client;
    }

    /// <summary>Creates a static Space with a README card and an index.html through the API; returns its head commit.</summary>
    public static async Task<string> CreateSpaceAsync(HttpClient api, string owner, string name, bool isPrivate = false, string title = "Demo app")
    {
        var created = await api.PostAsJsonAsync("/api/repos/create", new { name, type = "space", sdk = "static", @private = isPrivate });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Add the app"), "summary" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"---\ntitle: {title}\nemoji: 🦜\ncolorFrom: green\ncolorTo: blue\nsdk: static\nshort_description: Says hello\n---\n# {title}\n")), "file", "README.md" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("<h1>Hello from the app</h1>\n<p>line two</p>\n")), "file", "index.html" },
        };
        var upload = await api.PostAsync($"/api/spaces/{owner}/{name}/upload/main", form);
        var body = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.IsSuccessStatusCode, body);
        return await HeadAsync(api, owner, name);
    }

    /// <summary>The head commit of main.</summary>
    public static async Task<string> HeadAsync(HttpClient api, string owner, string name) =>
        (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/spaces/{owner}/{name}")).GetProperty("sha").GetString()!;

    /// <summary>The body of a GET that must answer <paramref name="status"/>.</summary>
    public static async Task<string> GetAsync(HttpClient browser, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await browser.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {url}: expected {(int)status}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        return body;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
