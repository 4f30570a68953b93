using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Routing;

namespace Spaces.Web.Tests.Gateway;

/// <summary>Private Spaces at their origin: 404 without a token, a token exchanged for the app cookie, tokens bound to their Space.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayPrivateSpaceTests(GatewayFixture gateway)
{
    private SpaceAccessTokens Tokens => gateway.Factory.Services.GetRequiredService<SpaceAccessTokens>();

    [Fact]
    public async Task Without_a_token_a_private_space_looks_exactly_like_an_unknown_one()
    {
        using var secret = await gateway.GetAsync("secret");
        using var unknown = await gateway.GetAsync("no-such-space");

        Assert.Equal(HttpStatusCode.NotFound, secret.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await secret.Content.ReadAsStringAsync());
        Assert.Null(GatewayRoutingTests.Header(secret, "X-Spaces-Stage"));
    }

    [Fact]
    public async Task A_valid_token_becomes_the_app_cookie_and_the_url_loses_it()
    {
        var token = Tokens.Create(gateway.IdOf("secret"));

        using var exchange = await gateway.GetAsync("secret", $"/docs/?tab=2&{SpaceAccessTokens.QueryParameter}={token}");

        Assert.Equal(HttpStatusCode.SeeOther, exchange.StatusCode);
        Assert.Equal("/docs/?tab=2", exchange.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(exchange.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__spaces_app=", setCookie);
        Assert.Contains("path=/", setCookie);
        // *.localhost is a secure context: the cookie must also work inside the Space page's (cross-site) frame.
        Assert.Contains("samesite=none", setCookie);
        Assert.Contains("secure", setCookie);
        Assert.Contains("Partitioned", setCookie);
        Assert.Contains("httponly", setCookie);
        Assert.DoesNotContain("domain=", setCookie);

        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
        using var visit = await gateway.GetAsync("secret", "/docs/", r => r.Headers.Add("Cookie", cookie));
        Assert.Equal(HttpStatusCode.OK, visit.StatusCode);
        Assert.Equal(GatewayApps.DocsPage, await visit.Content.ReadAsStringAsync());
        Assert.True(visit.Headers.CacheControl is { Private: true, NoCache: true }, visit.Headers.CacheControl?.ToString());

        // The cookie belongs to its Space: on another private Space's origin it opens nothing.
        using var elsewhere = await gateway.GetAsync("other", "/", r => r.Headers.Add("Cookie", cookie));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_space_an_expired_or_a_forged_one_is_refused()
    {
        var forOther = Tokens.Create(gateway.IdOf("other"));
        var expired = Tokens.Create(gateway.IdOf("secret"), TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);

        foreach (var token in new[] { forOther, expired, "forged", forOther[..^4] + "AAAA" })
        {
            using var response = await gateway.GetAsync("secret", $"/?{SpaceAccessTokens.QueryParameter}={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        using var own = await gateway.GetAsync("other", $"/?{SpaceAccessTokens.QueryParameter}={forOther}");
        Assert.Equal(HttpStatusCode.SeeOther, own.StatusCode);
    }

    [Fact]
    public async Task An_api_client_with_an_access_token_of_a_reader_is_served_and_anyone_elses_is_refused()
    {
        var (_, stranger) = await gateway.Factory.CreateUserAsync("gw-stranger");

        using var owner = await gateway.GetAsync("secret", "/", r => r.Headers.Authorization = new("Bearer", gateway.Token));
        using var other = await gateway.GetAsync("secret", "/", r => r.Headers.Authorization = new("Bearer", stranger));

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal(GatewayApps.StaticPage, await owner.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
