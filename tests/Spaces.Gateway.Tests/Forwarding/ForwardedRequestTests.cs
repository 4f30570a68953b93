using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The pure parts of building the upstream request.</summary>
public sealed class ForwardedRequestTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7860", "", "/", "", "GET / HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/", "", "/a b/c", "?x=%2B1", "GET /a%20b/c?x=%2B1 HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/base/", "/app", "/c%2Fd", "?q", "GET /base/app/c%2Fd?q HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/", "", "", "", "GET / HTTP/1.1")]
    [InlineData("http://127.0.0.1:7860/base", "", "", "?q=1", "GET /base/?q=1 HTTP/1.1")]
    public void The_request_line_appends_path_base_path_and_query_to_the_upstreams_path(string upstream, string pathBase, string path, string query, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.PathBase = new PathString(pathBase.Length == 0 ? null : pathBase);
        context.Request.Path = new PathString(path.Length == 0 ? null : path);
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(expected, Head(context, upstream, bodyLength: null)[0]);
    }

    [Fact]
    public void The_head_names_the_upstream_drops_hop_by_hop_headers_and_sets_forwarded_ones_and_the_framing()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Path = "/submit";
        context.Request.Host = new HostString("owner--name.spaces.localhost:5080");
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("::ffff:10.1.2.3");
        context.Request.Headers["Connection"] = "keep-alive, X-Secret";
        context.Request.Headers["Keep-Alive"] = "timeout=5";
        context.Request.Headers["Transfer-Encoding"] = "chunked";
        context.Request.Headers["Expect"] = "100-continue";
        context.Request.Headers["Content-Length"] = "99";
        context.Request.Headers["X-Forwarded-For"] = "192.0.2.1";
        context.Request.Headers["Cookie"] = new StringValues(["a=1", "b=2"]);
        context.Request.Headers["Accept"] = new StringValues(["text/html", "*/*"]);
        context.Request.Headers["X-Injected"] = "a\r\nEvil: 1";
        context.Request.Headers["X-Name"] = "café";
        context.Request.Headers["X-Emoji"] = "☕";

        var lines = Head(context, "http://127.0.0.1:49153/", bodyLength: -1);

        Assert.Equal("POST /submit HTTP/1.1", lines[0]);
        Assert.Equal("", lines[^1]);
        var fields = lines[1..^1];
        Assert.Contains("Host: 127.0.0.1:49153", fields);
        Assert.Contains("Transfer-Encoding: chunked", fields);
        Assert.Contains("Cookie: a=1; b=2", fields);
        Assert.Contains("Accept: text/html, */*", fields);
        Assert.Contains("X-Forwarded-For: 192.0.2.1, 10.1.2.3", fields);
        Assert.Contains("X-Forwarded-Proto: http", fields);
        Assert.Contains("X-Forwarded-Host: owner--name.spaces.localhost:5080", fields);
        Assert.Contains("X-Name: café", fields);
        Assert.Contains("X-Emoji: ☕", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("Connection", StringComparison.Ordinal) || f.StartsWith("Keep-Alive", StringComparison.Ordinal)
            || f.StartsWith("Expect", StringComparison.Ordinal) || f.StartsWith("Content-Length", StringComparison.Ordinal)
            || f.StartsWith("X-Injected", StringComparison.Ordinal) || f.StartsWith("Evil", StringComparison.Ordinal));
        Assert.Single(fields, f => f.StartsWith("Host:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_known_length_is_sent_and_an_upgrade_puts_connection_and_upgrade_back()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Path = "/x";
        Assert.Contains("Content-Length: 12", Head(context, "http://127.0.0.1:1/", bodyLength: 12));

        context.Request.Method = "GET";
        var upgrade = Head(context, "http://127.0.0.1:1/", bodyLength: null, upgrade: "websocket");
        Assert.Contains("Connection: Upgrade", upgrade);
        Assert.Contains("Upgrade: websocket", upgrade);
        Assert.DoesNotContain(upgrade, f => f.StartsWith("Content-Length", StringComparison.Ordinal) || f.StartsWith("Transfer-Encoding", StringComparison.Ordinal));
    }

    private static string[] Head(HttpContext context, string upstream, long? bodyLength, string? upgrade = null)
    {
        using var pool = new UpstreamPool("127.0.0.1", 1);
        using var head = new HeadBuffer();
        ForwardedRequest.WriteHead(head, context, new UpstreamTarget(new Uri(upstream), pool), bodyLength, upgrade);
        var text = Encoding.UTF8.GetString(head.Written.Span);
        Assert.EndsWith("\r\n\r\n", text, StringComparison.Ordinal);
        return text[..^2].Split("\r\n");
    }

    [Fact]
    public void Values_with_CR_or_LF_are_dropped()
    {
        Assert.Equal(StringValues.Empty, ForwardedRequest.Sanitize("a\r\nInjected: 1"));
        Assert.Equal(new StringValues(["ok", "fine"]), ForwardedRequest.Sanitize(new StringValues(["ok", "bad\n", "fine"])));
        Assert.Equal("plain", ForwardedRequest.Sanitize("plain"));
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("keep-alive", true)]
    [InlineData("transfer-encoding", true)]
    [InlineData("Upgrade", true)]
    [InlineData(":authority", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("X-Custom", false)]
    [InlineData("Sec-WebSocket-Key", false)]
    [InlineData("Content-Type", false)]
    public void Hop_by_hop_headers_and_pseudo_headers_are_recognised(string name, bool hopByHop)
    {
        Assert.Equal(hopByHop, HopByHopHeaders.IsHopByHop(name));
    }
}
