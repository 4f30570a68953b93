using Microsoft.AspNetCore.Http;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

public sealed class SpaceAppAccessTests
{
    [Theory]
    [InlineData("?__spaces_token=abc", "")]
    [InlineData("?a=1&__spaces_token=abc&b=2", "?a=1&b=2")]
    [InlineData("?q=hello%20world&__spaces_token=x", "?q=hello%20world")]
    [InlineData("?a=1&a=2", "?a=1&a=2")]
    public void The_token_leaves_the_query_and_the_rest_stays(string query, string expected)
    {
        Assert.Equal(expected, SpaceAppAccess.WithoutToken(new QueryString(query)).ToUriComponent());
    }

    [Theory]
    [InlineData("http", "ana--demo.spaces.localhost", true)]
    [InlineData("http", "localhost", true)]
    [InlineData("http", "ANA--DEMO.SPACES.LOCALHOST.", true)]
    [InlineData("http", "127.0.0.1", true)]
    [InlineData("http", "[::1]", true)]
    [InlineData("https", "ana--demo.apps.example.com", true)]
    [InlineData("http", "ana--demo.apps.example.com", false)]
    [InlineData("http", "localhost.example.com", false)]
    [InlineData("http", "10.0.0.5", false)]
    public void The_app_cookie_is_partitioned_and_cross_site_on_secure_contexts_and_lax_elsewhere(string scheme, string host, bool secure)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host, 5080);

        context.Response.Cookies.Append("__spaces_app", "v", SpaceAppAccess.AppCookieOptions(context.Request, TimeSpan.FromHours(1)));

        Assert.Equal(
            secure
                ? "__spaces_app=v; max-age=3600; path=/; secure; samesite=none; httponly; Partitioned"
                : "__spaces_app=v; max-age=3600; path=/; samesite=lax; httponly",
            context.Response.Headers.SetCookie.ToString());
    }

    [Theory]
    [InlineData("spaces.localhost", "http", 5080, "http://localhost:5080")]
    [InlineData("apps.example.com", "https", null, "https://example.com")]
    [InlineData("localhost", "http", 8080, "http://localhost:8080")]
    public void The_platform_origin_is_the_apps_domains_parent_with_the_requests_scheme_and_port(string domain, string scheme, int? port, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = port is { } p ? new HostString("x--y." + domain, p) : new HostString("x--y." + domain);

        Assert.Equal(expected, PlatformOrigin.For(context.Request, domain, new GatewayOptions()));
        Assert.Equal("https://hub.example.org", PlatformOrigin.For(context.Request, domain, new GatewayOptions { PlatformOrigin = "https://hub.example.org/" }));
    }

    [Fact]
    public void The_platform_origin_is_made_once_per_scheme_and_port_with_its_frame_ancestors()
    {
        var cache = new PlatformOrigin.Cache("spaces.localhost", new GatewayOptions());
        static HttpRequest Request(string scheme, int port) =>
            new DefaultHttpContext { Request = { Scheme = scheme, Host = new HostString("a--b.spaces.localhost", port) } }.Request;

        var first = cache.For(Request("http", 5080));
        var again = cache.For(Request("http", 5080));
        var otherPort = cache.For(Request("http", 8080));
        var otherScheme = cache.For(Request("https", 8080));

        Assert.Same(first, again);
        Assert.Equal(("http://localhost:5080", "frame-ancestors 'self' http://localhost:5080"), (first.Origin, first.FrameAncestors));
        Assert.Equal("http://localhost:8080", otherPort.Origin);
        Assert.Equal(("https://localhost:8080", "frame-ancestors 'self' https://localhost:8080"), (otherScheme.Origin, otherScheme.FrameAncestors));
        Assert.Equal("http://localhost:5080", cache.For(Request("http", 5080)).Origin);
    }

    [Fact]
    public void Frame_ancestors_allow_the_platform_or_no_one()
    {
        static PlatformOrigin.Known Platform(string origin) => new("http", null, origin, SpaceResponseHeaders.FramedBy(origin));
        Assert.Equal("frame-ancestors 'self' http://localhost:5080", SpaceResponseHeaders.FrameAncestors(SpaceAppConfig.Default, Platform("http://localhost:5080")));
        Assert.Equal("frame-ancestors 'none'", SpaceResponseHeaders.FrameAncestors(SpaceAppConfig.Default with { DisableEmbedding = true }, Platform("http://x")));
    }

    [Fact]
    public void Custom_headers_and_embedding_come_from_the_readme()
    {
        var config = SpaceAppConfig.FromReadme("""
            ---
            sdk: static
            app_file: app.html
            disable_embedding: true
            custom_headers:
              cross-origin-embedder-policy: require-corp
              cross-origin-opener-policy: same-origin
            ---
            """, "alice/demo");

        Assert.True(config.IsStatic);
        Assert.Equal("app.html", config.AppFile);
        Assert.True(config.DisableEmbedding);
        Assert.Equal(
            [new("cross-origin-embedder-policy", "require-corp"), new("cross-origin-opener-policy", "same-origin")],
            config.Headers);
        Assert.Same(SpaceAppConfig.Default, SpaceAppConfig.FromReadme("---\nsdk: [wrong\n---\n", "alice/demo"));
    }
}
