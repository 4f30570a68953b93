using Spaces.Gateway.Routing;
using static Spaces.Gateway.Tests.Forwarding.RequestHeads;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>The platform's credentials taken out of a head the gateway read off the client's connection itself.</summary>
public sealed class PlatformCredentialsHeadTests
{
    [Theory]
    [InlineData("spaces_session=abc; theme=dark", "theme=dark")]
    [InlineData("theme=dark; spaces_session=abc; lang=en", "theme=dark; lang=en")]
    [InlineData("spaces_session=chunks:2; spaces_sessionC1=a; spaces_sessionC2=b; app=1", "app=1")]
    [InlineData(".AspNetCore.Antiforgery.x1y2=token; app=1", "app=1")]
    [InlineData(".aspnetcore.Session=b; app=1", "app=1")]
    [InlineData(".ASPNETCORE.COOKIES=a;app=1", "app=1")]
    [InlineData("app=1; __spaces_app=signed", "app=1")]
    [InlineData("a=b=c; spaces_session=x; d=", "a=b=c; d=")]
    public void The_platforms_cookies_are_removed_and_the_apps_kept(string cookie, string expected)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\nCookie: {cookie}\r\nAccept: */*\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        Assert.Equal([("Host", "h"), ("Cookie", expected), ("Accept", "*/*")], Fields(head));
        Assert.False(head.Fields[1].Removed);
    }

    [Theory]
    [InlineData("spaces_session=abc")]
    [InlineData("spaces_session=chunks:2; spaces_sessionC1=a; spaces_sessionC2=b")]
    [InlineData(".AspNetCore.Antiforgery.x=1; __spaces_app=2")]
    [InlineData(".ASPNETCORE.x=1")]
    [InlineData("__spaces_app=signed;")]
    public void A_cookie_header_of_only_platform_cookies_is_removed(string cookie)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\ncookie: {cookie}\r\nAccept: */*\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        Assert.Equal(new[] { false, true, false }, head.Fields.Select(f => f.Removed));
        Assert.Equal(("Accept", "*/*"), Fields(head)[2]);
    }

    [Theory]
    [InlineData("Bearer spc_0123456789abcdef")]
    [InlineData("bearer spc_0123456789abcdef")]
    [InlineData("BEARER   spc_x")]
    public void An_authorization_carrying_a_platform_token_is_removed(string authorization)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\nAuthorization: {authorization}\r\nX-A: 1\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        Assert.Equal(new[] { false, true, false }, head.Fields.Select(f => f.Removed));
    }

    [Theory]
    [InlineData("Bearer other-token")]
    [InlineData("Bearer SPC_upper")]
    [InlineData("Basic c3BjXzp4")]
    [InlineData("Basic spc_x")]
    [InlineData("Bearer")]
    [InlineData("Token spc_x")]
    public void An_apps_own_authorization_is_kept(string authorization)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\nauthorization: {authorization}\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        Assert.Equal([("Host", "h"), ("authorization", authorization)], Fields(head));
        Assert.All(head.Fields, f => Assert.False(f.Removed));
    }

    [Theory]
    [InlineData("a=1;b=2")]
    [InlineData("theme=dark;  lang=en ;x")]
    [InlineData("session=1; Spaces_Session=2")]
    [InlineData("aspnetcore=1; AspNetCore.x=2")]
    public void A_cookie_header_without_platform_cookies_is_forwarded_byte_identical(string cookie)
    {
        using var head = Parse($"GET / HTTP/1.1\r\nHost: h\r\nCookie: {cookie}\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        var field = head.Fields[1];
        Assert.False(field.Removed);
        Assert.Equal(-1, field.Replacement);
        Assert.Equal(cookie, Text(head.Value(field)));
    }

    [Fact]
    public void Each_cookie_line_is_filtered_on_its_own_and_other_fields_are_left_alone()
    {
        using var head = Parse(
            "GET / HTTP/1.1\r\nHost: h\r\nCookie: spaces_session=s\r\nX-Note: spaces_session=s\r\nCookie: app=1; .AspNetCore.Antiforgery.k=t\r\n" +
            "Cookie: other=2\r\nProxy-Authorization: Bearer spc_x\r\nAuthorization: Bearer spc_y\r\n\r\n");

        PlatformCredentials.StripFrom(head);

        Assert.Equal(new[] { false, true, false, false, false, false, true }, head.Fields.Select(f => f.Removed));
        Assert.Equal(
            [("Host", "h"), ("Cookie", "spaces_session=s"), ("X-Note", "spaces_session=s"), ("Cookie", "app=1"), ("Cookie", "other=2"),
                ("Proxy-Authorization", "Bearer spc_x"), ("Authorization", "Bearer spc_y")],
            Fields(head));
    }

    [Fact]
    public void A_head_without_credentials_is_left_as_it_came()
    {
        using var head = Parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/html\r\n\r\n");
        var before = Fields(head);

        PlatformCredentials.StripFrom(head);

        Assert.Equal(before, Fields(head));
        Assert.All(head.Fields, f => Assert.True(!f.Removed && f.Replacement == -1));
    }
}
