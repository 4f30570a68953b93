using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The pure parts of building the upstream request.</summary>
public sealed class ForwardedRequestTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7860", "", "/", "", "http://127.0.0.1:7860/")]
    [InlineData("http://127.0.0.1:7860/", "", "/a b/c", "?x=%2B1", "http://127.0.0.1:7860/a%20b/c?x=%2B1")]
    [InlineData("http://127.0.0.1:7860/base/", "/app", "/c%2Fd", "?q", "http://127.0.0.1:7860/base/app/c%2Fd?q")]
    [InlineData("http://127.0.0.1:7860/", "", "", "", "http://127.0.0.1:7860/")]
    public void Target_uri_appends_path_base_path_and_query_to_the_upstream(string upstream, string pathBase, string path, string query, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.PathBase = new PathString(pathBase.Length == 0 ? null : pathBase);
        context.Request.Path = new PathString(path.Length == 0 ? null : path);
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(expected, ForwardedRequest.TargetUri(new Uri(upstream), context.Request).AbsoluteUri);
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
