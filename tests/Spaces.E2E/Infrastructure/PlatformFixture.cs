using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.Runtime.Lifecycle;
using Spaces.TestSupport;

namespace Spaces.E2E.Infrastructure;

/// <summary>
/// One running platform for a test collection (see <see cref="PlatformHost"/>), with what browser tests need around it: users made through
/// the real services, Spaces committed through the Hub API, waiting for stages, logging a browser in through the login form. On dispose
/// every engine resource of every Space it ran is removed.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public const string BaseImage = TestEngine.BaseImage;
    private static readonly TimeSpan DefaultStageTimeout = TimeSpan.FromMinutes(3);

    public PlatformFixture()
        : this(null)
    {
    }

    protected PlatformFixture(IReadOnlyDictionary<string, string?>? settings) => Host = new PlatformHost(settings);

    public PlatformHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>The images the tests' Spaces build on, checked at start. Default the base image (busybox apps).</summary>
    protected virtual IEnumerable<string> RequiredImages => [BaseImage];

    public virtual async Task InitializeAsync()
    {
        Host.Start();
        await TestEngine.RequireAsync(
            Services.GetRequiredService<IDockerClient>(), "Browser tests (they run the real platform)", RequiredImages, busybox: true);
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Core.Persistence.SpacesDbContext>();
            var control = Services.GetRequiredService<ISpaceControl>();
            foreach (var id in db.Repos.Where(r => r.Type == RepoType.Space).Select(r => r.Id).ToList())
            {
                await control.DeleteResourcesAsync(id);
            }
        }
        finally
        {
            await Host.DisposeAsync();
        }
    }

    /// <summary>Registers a user through the real account service and returns a write token for the API.</summary>
    public async Task<string> CreateUserAsync(string name, TokenRole role = TokenRole.Write)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var user = await accounts.RegisterAsync(name, $"{name}@example.test", Password);
        return (await tokens.CreateAsync(user, "e2e", role)).Secret;
    }

    /// <summary>An API client on the platform's origin sending <paramref name="token"/> as a Bearer token.</summary>
    public HttpClient Api(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates a Space and commits <paramref name="files"/> in one commit through the Hub API (the build starts on commit).</summary>
    public async Task CreateSpaceAsync(string token, string owner, string name, string sdk, bool isPrivate, IEnumerable<(string Path, byte[] Content)> files)
    {
        using var api = Api(token);
        await Ensure(await api.PostAsJsonAsync("/api/repos/create", new { name, organization = owner, type = "space", sdk, @private = isPrivate }));
        var lines = new List<string> { JsonSerializer.Serialize(new { key = "header", value = new { summary = "Initial app", description = "" } }) };
        lines.AddRange(files.Select(f => JsonSerializer.Serialize(new
        {
            key = "file",
            value = new { path = f.Path, content = Convert.ToBase64String(f.Content), encoding = "base64" },
        })));
        using var body = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        await Ensure(await api.PostAsync($"/api/spaces/{owner}/{name}/commit/main", body));
    }

    /// <summary>Waits until the runtime API reports <paramref name="stage"/>; fails early on an error stage that is not the one awaited.</summary>
    public async Task WaitForStageAsync(string token, string owner, string name, string stage, TimeSpan? timeout = null)
    {
        using var api = Api(token);
        var limit = timeout ?? DefaultStageTimeout;
        var deadline = DateTime.UtcNow + limit;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await api.GetAsync($"/api/spaces/{owner}/{name}/runtime");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var current = JsonDocument.Parse(last).RootElement.GetProperty("stage").GetString();
                if (current == stage)
                {
                    return;
                }

                // NO_APP_FILE and CONFIG_ERROR are not final: a new repo has no files until its first commit lands.
                if (current is "BUILD_ERROR" or "RUNTIME_ERROR")
                {
                    throw new InvalidOperationException($"{owner}/{name} reached {current} while waiting for {stage}: {last}");
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{owner}/{name} did not reach {stage} within {limit.TotalSeconds} s; last runtime answer: {last}");
    }

    /// <summary>Logs <paramref name="page"/>'s context in as <paramref name="user"/> through the login form.</summary>
    public async Task LogInAsync(IPage page, string user, string password = Password)
    {
        await page.GotoAsync(new Uri(Host.BaseUrl, "/login").ToString());
        await page.GetByLabel("User name or e-mail").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>A docker Space served by busybox httpd on 7860 from <c>www/</c> (the base image and the host's static busybox).</summary>
    public static (string Path, byte[] Content)[] BusyboxApp(string title, string indexHtml, string extraFrontMatter = "", string? command = null) =>
        TestSupport.BusyboxApp.Site(title, indexHtml, extraFrontMatter, BaseImage, command);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
