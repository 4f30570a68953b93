using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>The gateway in front of a real Kestrel upstream: what reaches the app, what the visitor gets back.</summary>
public sealed class SpaceGatewayMiddlewareTests(GatewayHostFixture host) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task The_platforms_cookies_and_access_token_never_reach_the_app_but_its_own_cookies_do()
    {
        var request = host.Request(HttpMethod.Get, "echo", "/page?x=1");
        request.Headers.Add("Cookie", "spaces_session=CfDJ8secret; theme=dark; .AspNetCore.Antiforgery.abc=tok; __spaces_app=v; cart=3");
        request.Headers.Authorization = new("Bearer", host.OwnerToken);

        using var response = await host.Client.SendAsync(request);
        var echo = await GatewayHostFixture.EchoOf(response);

        Assert.Equal("theme=dark; cart=3", echo.GetProperty("cookie").GetString());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("authorization").ValueKind);
        Assert.Equal("/page?x=1", echo.GetProperty("path").GetString());
        Assert.Equal($"{GatewayHostFixture.Owner}--echo.{GatewayHostFixture.AppsDomain}", echo.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Proxied_answers_carry_the_spaces_custom_headers_and_frame_ancestors_and_activity_is_reported()
    {
        var before = host.Control.Activity.GetValueOrDefault(host.PublicId);

        using var response = await host.Client.SendAsync(host.Request(HttpMethod.Get, "echo", "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("same-site", string.Join(",", response.Headers.GetValues("cross-origin-resource-policy")));
        Assert.Contains("frame-ancestors 'self' http://localhost", string.Join(" | ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.True(host.Control.Activity[host.PublicId] > before);
    }

    [Fact]
    public async Task A_private_space_lets_in_a_token_then_its_cookie_and_the_app_sees_neither()
    {
        using var refused = await host.Client.SendAsync(host.Request(HttpMethod.Get, "hidden", "/"));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var token = host.Services.GetRequiredService<SpaceAccessTokens>().Create(host.PrivateId);
        // A POST keeps its body: the token is exchanged on the way and dropped from the forwarded query.
        var post = host.Request(HttpMethod.Post, "hidden", $"/submit?a=1&{SpaceAccessTokens.QueryParameter}={token}");
        post.Content = new StringContent("payload");
        using var posted = await host.Client.SendAsync(post);
        Assert.Equal("/submit?a=1", (await GatewayHostFixture.EchoOf(posted)).GetProperty("path").GetString());
        var setCookie = Assert.Single(posted.Headers.GetValues("Set-Cookie"));

        var visit = host.Request(HttpMethod.Get, "hidden", "/next");
        visit.Headers.Add("Cookie", setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)] + "; app=1");
        using var visited = await host.Client.SendAsync(visit);
        Assert.Equal("app=1", (await GatewayHostFixture.EchoOf(visited)).GetProperty("cookie").GetString());
    }

    [Fact]
    public async Task A_reader_access_token_opens_a_private_space_for_api_clients()
    {
        var request = host.Request(HttpMethod.Get, "hidden", "/api");
        request.Headers.Authorization = new("Bearer", host.OwnerToken);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal("/api", (await GatewayHostFixture.EchoOf(response)).GetProperty("path").GetString());
    }

    // The proxied answer completes on the socket engine's thread (inline upstream completions); Kestrel goes on there with the next
    // request the client had already sent. The platform's code must not run on that thread.
    [Fact]
    public async Task A_request_pipelined_behind_a_proxied_one_reaches_the_platform_on_a_pool_thread()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host.Client.BaseAddress!.Host, host.Client.BaseAddress.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /slow HTTP/1.1\r\nHost: {GatewayHostFixture.Owner}--echo.{GatewayHostFixture.AppsDomain}\r\n\r\n" +
            "GET /thread HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var answers = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, answers.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.Contains("\"path\":\"/slow\"", answers, StringComparison.Ordinal);
        Assert.Contains("\r\npool thread\r\n", answers, StringComparison.Ordinal);
    }

    // A connection whose request was routed from memory to a running public Space goes on with its next requests on the socket engine's
    // thread (GatewayOptions.InlineSpaceConnections); any other request on it turns that off and moves to the pool first.
    [Fact]
    public async Task A_space_connection_routed_from_memory_runs_on_the_engine_thread_and_everything_else_leaves_it()
    {
        using var client = OneConnectionClient();
        for (var i = 0; i < 3; i++)
        {
            // The first request may need the database and git (caches cold); the second is served from memory and turns the
            // connection inline; the third then starts on the engine thread.
            host.Control.Threads.Clear();
            using var proxied = await client.SendAsync(host.Request(HttpMethod.Get, "echo", $"/{i}"));
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        Assert.Equal(["activity on another thread"], host.Control.Threads);

        // A private Space's request (an access token checked in the database) on that connection runs on the pool...
        host.Control.Threads.Clear();
        var api = host.Request(HttpMethod.Get, "hidden", "/api");
        api.Headers.Authorization = new("Bearer", host.OwnerToken);
        using (var hidden = await client.SendAsync(api))
        {
            Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        }

        Assert.Equal(["activity on pool thread", "endpoint lookup on pool thread"], host.Control.Threads);

        // ...and so does a platform request, also where it goes on after its body's second half arrived later.
        await WarmUpInlineAsync(client);
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/thread-after-body") { Content = new TwoPartContent() };
        using var platform = await client.SendAsync(upload);
        Assert.Equal("pool thread", await platform.Content.ReadAsStringAsync());

        // The same connection carried everything: the platform's answer says it went on from the engine thread otherwise.
        await WarmUpInlineAsync(client);
        Assert.Equal(["activity on another thread"], host.Control.Threads);
    }

    // One keep-alive connection for all of a test's requests.
    private HttpClient OneConnectionClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = host.Client.BaseAddress,
        };

    // Two Space requests: the first, served from memory, turns the connection inline; the next then starts on the engine thread.
    private async Task WarmUpInlineAsync(HttpClient client)
    {
        for (var i = 0; i < 2; i++)
        {
            host.Control.Threads.Clear();
            using var proxied = await client.SendAsync(host.Request(HttpMethod.Get, "echo", "/again"));
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }
    }

    // A 10-byte body sent as 5 bytes, then 5 more 300 ms later: the server's read of the rest completes from a later socket event.
    private sealed class TwoPartContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("first"u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(300);
            await stream.WriteAsync("later"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 10;
            return true;
        }
    }

    [Fact]
    public async Task Other_hosts_go_to_the_platform_and_unknown_spaces_get_404()
    {
        using var platform = await host.Client.GetAsync("/");
        using var unknown = await host.Client.SendAsync(host.Request(HttpMethod.Get, "missing", "/"));

        Assert.Equal("platform", await platform.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
