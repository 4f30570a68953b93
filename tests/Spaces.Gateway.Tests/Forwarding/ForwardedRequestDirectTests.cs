using System.Net;
using System.Text;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Forwarding.Http1;
using Spaces.Gateway.Routing;
using static Spaces.Gateway.Tests.Forwarding.RequestHeads;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The upstream request head written from a head the gateway read off the client's connection itself, byte for byte.</summary>
public sealed class ForwardedRequestDirectTests
{
    [Fact]
    public void The_head_names_the_upstream_drops_hop_by_hop_headers_replaces_forwarded_ones_and_appends_the_client()
    {
        using var request = Parse(
            "GET /page/a%20b?x=1&y=%2F HTTP/1.1\r\n" +
            "Host: owner--name.spaces.localhost:5080\r\n" +
            "Connection: keep-alive\r\n" +
            "Keep-Alive: timeout=5\r\n" +
            "TE: trailers\r\n" +
            "Proxy-Connection: keep-alive\r\n" +
            "Upgrade-Insecure-Requests: 1\r\n" +
            "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n" +
            "Accept:   text/html  \r\n" +
            "X-Forwarded-For: 192.0.2.1\r\n" +
            "X-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Host: evil.example\r\n" +
            "x-forwarded-host: evil2.example\r\n" +
            "Cookie: theme=dark\r\n" +
            "x-forwarded-for: 198.51.100.7, 203.0.113.9\r\n" +
            "X-Empty:\r\n" +
            "user-agent: test/1.0\r\n" +
            "\r\n");

        var written = Write(request, "http://127.0.0.1:49153/", IPAddress.Parse("::ffff:10.1.2.3"));

        Assert.Equal(
            "GET /page/a%20b?x=1&y=%2F HTTP/1.1\r\n" +
            "Host: 127.0.0.1:49153\r\n" +
            "Accept: text/html\r\n" +
            "Cookie: theme=dark\r\n" +
            "X-Empty: \r\n" +
            "user-agent: test/1.0\r\n" +
            "X-Forwarded-For: 192.0.2.1, 198.51.100.7, 203.0.113.9, 10.1.2.3\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Host: owner--name.spaces.localhost:5080\r\n" +
            "\r\n",
            written);
    }

    [Fact]
    public void A_zero_content_length_is_sent_on_and_none_is_added_when_the_client_sent_none()
    {
        using var post = Parse("POST /submit HTTP/1.1\r\nHost: h\r\ncontent-length:  0\r\nX-A: 1\r\n\r\n");
        using var get = Parse("GET /submit HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n");

        Assert.Equal(
            "POST /submit HTTP/1.1\r\nHost: 127.0.0.1:7860\r\nX-A: 1\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Host: h\r\nContent-Length: 0\r\n\r\n",
            Write(post, "http://127.0.0.1:7860/", IPAddress.Parse("10.0.0.1")));
        Assert.Equal(
            "GET /submit HTTP/1.1\r\nHost: 127.0.0.1:7860\r\nX-A: 1\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Host: h\r\n\r\n",
            Write(get, "http://127.0.0.1:7860/", IPAddress.Parse("10.0.0.1")));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    public void The_client_address_is_written_as_the_server_would_and_mapped_ipv4_as_ipv4(string address, string expected)
    {
        using var request = Parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Contains($"\r\nX-Forwarded-For: {expected}\r\n", Write(request, "http://127.0.0.1:1/", IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_client_address_the_received_forwarded_for_goes_on_alone_and_without_either_there_is_none()
    {
        using var forwarded = Parse("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 192.0.2.1\r\nX-Forwarded-For:\r\nX-Forwarded-For: 192.0.2.2\r\n\r\n");
        using var plain = Parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Forwarded-For: 192.0.2.1, 192.0.2.2\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n",
            Write(forwarded, "http://127.0.0.1:1/", clientIp: null));
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n",
            Write(plain, "http://127.0.0.1:1/", clientIp: null));
    }

    [Fact]
    public void A_removed_forwarded_for_line_is_left_out_of_the_list()
    {
        using var request = Parse("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 192.0.2.66\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n");
        request.Remove(1);

        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Forwarded-For: 192.0.2.1, 10.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n",
            Write(request, "http://127.0.0.1:1/", IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void Removed_fields_are_left_out_and_replaced_ones_carry_their_new_value()
    {
        using var request = Parse(
            "GET / HTTP/1.1\r\nHost: h\r\nCookie: spaces_session=s; app=1\r\nAuthorization: Bearer spc_x\r\nX-Kept: k\r\n\r\n");
        request.Replace(1, "app=1");
        request.Remove(2);

        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nCookie: app=1\r\nX-Kept: k\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Host: h\r\n\r\n",
            Write(request, "http://127.0.0.1:1/", IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void The_platforms_credentials_stripped_from_the_head_do_not_reach_the_upstream()
    {
        using var request = Parse(
            "GET /app HTTP/1.1\r\nHost: h\r\nCookie: spaces_session=s; theme=dark; .AspNetCore.Antiforgery.x=t\r\n" +
            "Authorization: Bearer spc_0123456789abcdef\r\nCookie: __spaces_app=signed\r\n\r\n");

        PlatformCredentials.StripFrom(request);

        Assert.Equal(
            "GET /app HTTP/1.1\r\nHost: 127.0.0.1:1\r\nCookie: theme=dark\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Host: h\r\n\r\n",
            Write(request, "http://127.0.0.1:1/", IPAddress.Parse("10.0.0.1")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7860/", "/", "GET / HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860", "/x?q=1", "GET /x?q=1 HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/base/", "/", "GET /base/ HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/base", "/x?q=1", "GET /base/x?q=1 HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/a/b/", "/c%2Fd?e=/../f", "GET /a/b/c%2Fd?e=/../f HTTP/1.1")]
    public void The_upstreams_base_path_goes_before_the_target_as_received(string upstream, string target, string expected)
    {
        using var request = Parse($"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.StartsWith(expected + "\r\n", Write(request, upstream, clientIp: null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7860/", "Host: 127.0.0.1:7860")]
    [InlineData("http://127.0.0.1/", "Host: 127.0.0.1")]
    [InlineData("http://localhost:8080/base/", "Host: localhost:8080")]
    public void The_host_line_names_the_upstreams_authority(string upstream, string expected)
    {
        using var request = Parse("GET / HTTP/1.1\r\nHost: owner--name.spaces.localhost\r\nhost2: x\r\n\r\n");

        var lines = Write(request, upstream, clientIp: null).Split("\r\n");

        Assert.Equal(expected, lines[1]);
        Assert.Single(lines, l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("X-Forwarded-Host: owner--name.spaces.localhost", lines);
        Assert.Contains("host2: x", lines);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("PROPFIND")]
    public void The_method_goes_on_as_received(string method)
    {
        using var request = Parse($"{method} /r HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.StartsWith($"{method} /r HTTP/1.1\r\n", Write(request, "http://127.0.0.1:1/", clientIp: null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_head_written_through_the_http_context_overload_carries_the_same_fields()
    {
        // Both fronts must forward the same thing: the head read below Kestrel and the request Kestrel parsed.
        const string Raw = "PUT /p?q=1 HTTP/1.1\r\nHost: h:5080\r\nConnection: keep-alive\r\nAccept: */*\r\nContent-Length: 0\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n";
        using var request = Parse(Raw);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Scheme = "http";
        context.Request.Path = "/p";
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?q=1");
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString("h:5080");
        context.Request.Headers.Connection = "keep-alive";
        context.Request.Headers.Accept = "*/*";
        context.Request.ContentLength = 0;
        context.Request.Headers["X-Forwarded-For"] = "192.0.2.1";
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.9");

        using var pool = new UpstreamPool("127.0.0.1", 1);
        var target = new UpstreamTarget(new Uri("http://127.0.0.1:1/"), pool);
        using var fromContext = new HeadBuffer();
        ForwardedRequest.WriteHead(fromContext, context, target, bodyLength: null, upgrade: null);

        var direct = Write(request, "http://127.0.0.1:1/", IPAddress.Parse("10.0.0.9")).Split("\r\n");
        var viaKestrel = Encoding.ASCII.GetString(fromContext.Written.Span).Split("\r\n");
        Assert.Equal(direct[0], viaKestrel[0]);
        Assert.Equal(direct.Order(StringComparer.Ordinal), viaKestrel.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("keep-alive", true)]
    [InlineData("TE", true)]
    [InlineData("te", true)]
    [InlineData("Proxy-Connection", true)]
    [InlineData("PROXY-AUTHORIZATION", true)]
    [InlineData("Upgrade-Insecure-Requests", true)]
    [InlineData("Proxy-Authentication-Info", true)]
    [InlineData("Transfer-Encoding", true)]
    [InlineData("Alt-Svc", true)]
    [InlineData(":path", true)]
    [InlineData("", true)]
    [InlineData("T", false)]
    [InlineData("TEE", false)]
    [InlineData("Connections", false)]
    [InlineData("X-Connection", false)]
    [InlineData("Upgrade-Insecure-Requests-Extra", false)]
    [InlineData("Sec-WebSocket-Key", false)]
    [InlineData("Content-Length", false)]
    [InlineData("Cookie", false)]
    public void Hop_by_hop_names_as_received_bytes_are_recognised_as_their_strings_are(string name, bool hopByHop)
    {
        Assert.Equal(hopByHop, HopByHopHeaders.IsHopByHop(Encoding.ASCII.GetBytes(name)));
        Assert.Equal(hopByHop, HopByHopHeaders.IsHopByHop(name));
    }

    private static string Write(RequestHead request, string upstream, IPAddress? clientIp)
    {
        using var pool = new UpstreamPool("127.0.0.1", 1);
        using var head = new HeadBuffer();
        ForwardedRequest.WriteHead(head, request, new UpstreamTarget(new Uri(upstream), pool), clientIp);
        return Encoding.ASCII.GetString(head.Written.Span);
    }
}
