using Microsoft.AspNetCore.Http;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

public sealed class PlatformCredentialsTests
{
    [Theory]
    [InlineData("spaces_session=abc; theme=dark", "theme=dark")]
    [InlineData("theme=dark; spaces_session=abc; lang=en", "theme=dark; lang=en")]
    [InlineData("spaces_session=chunks:2; spaces_sessionC1=a; spaces_sessionC2=b; app=1", "app=1")]
    [InlineData(".AspNetCore.Antiforgery.x1y2=token; app=1", "app=1")]
    [InlineData(".AspNetCore.Cookies=a;.aspnetcore.Session=b;app=1", "app=1")]
    [InlineData("__spaces_app=signed; app=1", "app=1")]
    [InlineData("app=1; session=2", "app=1; session=2")]
    [InlineData("a=b=c; spaces_session=x", "a=b=c")]
    public void The_platforms_cookies_are_removed_and_the_apps_kept(string header, string expected)
    {
        Assert.Equal(expected, PlatformCredentials.FilterCookieHeader(header));
    }

    [Theory]
    [InlineData("spaces_session=abc")]
    [InlineData(".AspNetCore.Antiforgery.x=1; __spaces_app=2")]
    [InlineData("")]
    [InlineData(null)]
    public void Nothing_left_means_no_header(string? header)
    {
        Assert.Null(PlatformCredentials.FilterCookieHeader(header));
    }

    [Fact]
    public void A_request_loses_the_platform_cookies_and_access_token_but_keeps_its_own()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new(["spaces_session=s; app=1", ".AspNetCore.Antiforgery.k=t; other=2"]);
        context.Request.Headers.Authorization = "Bearer spc_0123456789abcdef";

        PlatformCredentials.StripFrom(context.Request);

        Assert.Equal("app=1; other=2", context.Request.Headers.Cookie.ToString());
        Assert.False(context.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void An_apps_own_authorization_and_a_request_without_cookies_are_left_alone()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer app-issued-jwt";

        PlatformCredentials.StripFrom(context.Request);

        Assert.Equal("Bearer app-issued-jwt", context.Request.Headers.Authorization.ToString());
        Assert.False(context.Request.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public void Only_platform_cookies_means_the_cookie_header_goes()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "spaces_session=s";

        PlatformCredentials.StripFrom(context.Request);

        Assert.False(context.Request.Headers.ContainsKey("Cookie"));
    }
}
