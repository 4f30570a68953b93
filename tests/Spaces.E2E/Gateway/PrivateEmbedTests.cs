using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spaces.Core.Repositories;
using Spaces.E2E.Infrastructure;
using Spaces.Gateway.Routing;
using static Microsoft.Playwright.Assertions;

namespace Spaces.E2E.Gateway;

/// <summary>
/// A private Space inside a frame on the platform's origin, as the Space page shows it: <c>http://localhost:{port}</c> frames
/// <c>http://{owner}--{name}.spaces.localhost:{port}</c>, another site, so the app cookie the gateway gives for the page's token is a
/// third-party cookie there. The frame must load the app, and the app's own follow-up requests (which carry no token) must be let in
/// by that cookie; without a token, or with another Space's, the frame shows the gateway's 404.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PrivateEmbedTests(PlatformFixture platform, BrowserFixture browser) : IAsyncLifetime
{
    private const string Owner = "embedder";
    private const string Secret = "secret";
    private const string Other = "other";
    private const string AppText = "the private app";
    private const string SecondText = "fetched from inside the frame";
    // The gateway's cookie on a private Space's origin (PlatformCredentials.AppCookie).
    private const string AppCookie = "__spaces_app";

    // The app's page asks for a second file from its own origin as soon as it loads and shows what it got.
    private const string IndexHtml = $$"""
        <!DOCTYPE html><title>secret</title>
        <p id="text">{{AppText}}</p><p id="second">pending</p>
        <script>
          fetch('second.txt').then(r => r.ok ? r.text() : 'HTTP ' + r.status)
            .then(t => document.getElementById('second').textContent = t.trim(), e => document.getElementById('second').textContent = 'failed: ' + e);
        </script>

        """;

    // xUnit makes an instance per test: the Spaces are made once for the collection's platform, by whichever test comes first.
    private static readonly SemaphoreSlim SetupLock = new(1, 1);
    private static (PlatformFixture Platform, long SecretId, long OtherId)? s_spaces;

    private long _secretId;
    private long _otherId;

    public async Task InitializeAsync()
    {
        await SetupLock.WaitAsync();
        try
        {
            if (s_spaces is not { } spaces || spaces.Platform != platform)
            {
                var (secretId, otherId) = await CreateSpacesAsync();
                s_spaces = spaces = (platform, secretId, otherId);
            }

            (_secretId, _otherId) = (spaces.SecretId, spaces.OtherId);
        }
        finally
        {
            SetupLock.Release();
        }
    }

    private async Task<(long SecretId, long OtherId)> CreateSpacesAsync()
    {
        var token = await platform.CreateUserAsync(Owner);
        await platform.CreateSpaceAsync(token, Owner, Secret, "docker", isPrivate: true,
            [.. PlatformFixture.BusyboxApp("Secret", IndexHtml), ("www/second.txt", PlatformFixture.Utf8(SecondText + "\n"))]);
        // Another private Space of the same owner: it only needs to exist for its token to be made (no files, so nothing builds).
        using (var api = platform.Api(token))
        {
            var created = await api.PostAsJsonAsync("/api/repos/create", new { name = Other, organization = Owner, type = "space", sdk = "static", @private = true });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        await platform.WaitForStageAsync(token, Owner, Secret, "RUNNING");
        await using var scope = platform.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        return ((await repos.FindAsync(RepoType.Space, Owner, Secret))!.Id, (await repos.FindAsync(RepoType.Space, Owner, Other))!.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_private_Space_framed_by_the_platform_with_a_token_loads_and_its_follow_up_requests_are_let_in()
    {
        await using var session = await browser.NewSessionAsync();
        var frame = await FrameOnThePlatformAsync(session.Page, AppUrl(Tokens.Create(_secretId)));

        await Expect(frame.Locator("#text")).ToHaveTextAsync(AppText);
        // No token on this request: only the app cookie, set in the frame, can have let it through.
        await Expect(frame.Locator("#second")).ToHaveTextAsync(SecondText);
        var cookie = Assert.Single(await session.Context.CookiesAsync([platform.Host.AppUrl(Owner, Secret).ToString()]), c => c.Name == AppCookie);
        Assert.True(cookie is { HttpOnly: true, Secure: true, SameSite: SameSiteAttribute.None }, $"{cookie.SameSite} secure={cookie.Secure}");
        Assert.Equal($"{Owner}--{Secret}.{PlatformHost.AppsDomain}", cookie.Domain);
        await session.ScreenshotAsync("gateway-private-embed");
    }

    [Fact]
    public async Task The_same_Space_opened_top_level_with_a_token_also_keeps_its_visitor_in()
    {
        await using var session = await browser.NewSessionAsync();

        var response = await session.Page.GotoAsync(AppUrl(Tokens.Create(_secretId)));

        Assert.Equal(200, response!.Status);
        // The token left the address bar (303 to the same page without it).
        Assert.Equal(platform.Host.AppUrl(Owner, Secret).ToString(), session.Page.Url);
        await Expect(session.Page.Locator("#second")).ToHaveTextAsync(SecondText);
        Assert.Equal(200, (await session.Page.GotoAsync(new Uri(platform.Host.AppUrl(Owner, Secret), "second.txt").ToString()))!.Status);
    }

    [Fact]
    public async Task Without_a_token_the_frame_shows_404()
    {
        await using var session = await browser.NewSessionAsync();

        var frame = await FrameOnThePlatformAsync(session.Page, platform.Host.AppUrl(Owner, Secret).ToString());

        await Expect(frame.Locator("h1")).ToHaveTextAsync("404: no Space here");
        Assert.Equal(0, await frame.Locator("#text").CountAsync());
    }

    [Fact]
    public async Task A_token_made_for_another_Space_is_refused_in_the_frame()
    {
        await using var session = await browser.NewSessionAsync();

        var frame = await FrameOnThePlatformAsync(session.Page, AppUrl(Tokens.Create(_otherId)));

        await Expect(frame.Locator("h1")).ToHaveTextAsync("404: no Space here");
        Assert.Equal(0, await frame.Locator("#text").CountAsync());
        Assert.DoesNotContain(await session.Context.CookiesAsync([platform.Host.AppUrl(Owner, Secret).ToString()]), c => c.Name == AppCookie);
    }

    private SpaceAccessTokens Tokens => platform.Services.GetRequiredService<SpaceAccessTokens>();

    private string AppUrl(string token) => $"{platform.Host.AppUrl(Owner, Secret)}?{SpaceAccessTokens.QueryParameter}={Uri.EscapeDataString(token)}";

    /// <summary>Opens the platform's home page and puts an iframe of <paramref name="src"/> into it, as the Space page does.</summary>
    private async Task<IFrameLocator> FrameOnThePlatformAsync(IPage page, string src)
    {
        await page.GotoAsync(platform.Host.BaseUrl.ToString());
        await page.EvaluateAsync("""
            (src) => {
              const frame = document.createElement('iframe');
              frame.id = 'space-app';
              frame.src = src;
              frame.style.width = '800px';
              frame.style.height = '400px';
              document.body.prepend(frame);
            }
            """, src);
        return page.FrameLocator("#space-app");
    }
}
