using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Routing;
using Spaces.Gateway.Tests.Forwarding;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>
/// The connections of running public Spaces, served below Kestrel's HTTP layer (<see cref="SpaceConnections"/>), against the real
/// Kestrel upstream of the fixture or scripted raw upstreams, with a client that writes its bytes itself.
/// </summary>
public sealed class SpaceConnectionsTests(GatewayHostFixture host) : IClassFixture<GatewayHostFixture>
{
    private static readonly string Echo = GatewayHostFixture.HostOf("echo");

    private SpaceConnections Connections => host.Services.GetRequiredService<SpaceConnections>();

    [Fact]
    public async Task A_public_spaces_keep_alive_connection_is_served_directly_with_the_gateways_header_rules()
    {
        var served = Connections.Served;
        var handedOver = Connections.HandedOver;
        var activity = host.Control.Activity.GetValueOrDefault(host.PublicId);
        using var client = await RawClient.ConnectAsync(host.Address);

        await client.SendAsync(RawClient.Get(Echo, "/page?x=1",
            "Cookie: spaces_session=CfDJ8secret; theme=dark; .AspNetCore.Antiforgery.abc=tok; cart=3\r\n" +
            $"Authorization: Bearer {host.OwnerToken}\r\n" +
            "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Host: evil.example\r\nConnection: keep-alive\r\nTE: trailers\r\n"));
        var first = await client.ReadResponseAsync();
        await client.SendAsync(RawClient.Get(Echo, "/second"));
        var second = await client.ReadResponseAsync();

        Assert.Equal("HTTP/1.1 200 OK", first.StatusLine);
        var echo = JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal("theme=dark; cart=3", echo.GetProperty("cookie").GetString());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("authorization").ValueKind);
        Assert.Equal("/page?x=1", echo.GetProperty("path").GetString());
        Assert.Equal(Echo, echo.GetProperty("host").GetString());
        Assert.Equal("203.0.113.7, 127.0.0.1", echo.GetProperty("forwardedFor").GetString());
        Assert.Equal("http", echo.GetProperty("proto").GetString());
        Assert.Equal("", echo.GetProperty("te").GetString());
        Assert.Equal("same-site", first.Field("cross-origin-resource-policy"));
        Assert.Contains(first.All("content-security-policy"), v => v.StartsWith("frame-ancestors 'self' http://localhost", StringComparison.Ordinal));
        Assert.NotNull(first.Field("date"));
        Assert.Equal("/second", JsonDocument.Parse(second.Body).RootElement.GetProperty("path").GetString());
        Assert.Equal(served + 1, Connections.Served);
        Assert.Equal(handedOver, Connections.HandedOver);
        Assert.Equal(activity + 2, host.Control.Activity[host.PublicId]);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_and_a_head_request_gets_no_body()
    {
        using var client = await RawClient.ConnectAsync(host.Address);

        await client.SendAsync(RawClient.Get(Echo, "/a") + $"HEAD /b HTTP/1.1\r\nHost: {Echo}\r\n\r\n" + RawClient.Get(Echo, "/c"));

        Assert.Equal("/a", PathOf(await client.ReadResponseAsync()));
        Assert.Equal(200, (await client.ReadResponseAsync(head: true)).Status);
        Assert.Equal("/c", PathOf(await client.ReadResponseAsync()));
    }

    [Fact]
    public async Task A_request_with_a_body_hands_the_connection_to_kestrel_which_serves_it_and_the_rest()
    {
        var served = Connections.Served;
        var handedOver = Connections.HandedOver;
        using var client = await RawClient.ConnectAsync(host.Address);

        await client.SendAsync(RawClient.Get(Echo, "/one"));
        Assert.Equal("/one", PathOf(await client.ReadResponseAsync()));
        await client.SendAsync($"POST /two HTTP/1.1\r\nHost: {Echo}\r\nContent-Length: 5\r\n\r\nhello");
        var posted = await client.ReadResponseAsync();
        await client.SendAsync(RawClient.Get(Echo, "/three"));
        var third = await client.ReadResponseAsync();

        Assert.Equal("POST", JsonDocument.Parse(posted.Body).RootElement.GetProperty("method").GetString());
        Assert.Equal("/two", PathOf(posted));
        Assert.Equal("/three", PathOf(third));
        Assert.Equal(served + 1, Connections.Served);
        Assert.Equal(handedOver + 1, Connections.HandedOver);
    }

    [Theory]
    [InlineData("localhost", 200, "platform")]
    [InlineData("ana--hidden.spaces.localhost", 404, null)]
    [InlineData("ana--nosuchspace.spaces.localhost", 404, null)]
    public async Task The_platforms_private_and_unknown_hosts_go_to_kestrel_from_the_first_request(string hostName, int status, string? body)
    {
        var served = Connections.Served;
        var handedOver = Connections.HandedOver;
        using var client = await RawClient.ConnectAsync(host.Address);

        await client.SendAsync(RawClient.Get(hostName, "/"));
        var response = await client.ReadResponseAsync();

        Assert.Equal(status, response.Status);
        if (body is not null)
        {
            Assert.Equal(body, response.Body);
        }

        Assert.Equal(served, Connections.Served);
        Assert.Equal(handedOver + 1, Connections.HandedOver);
    }

    [Fact]
    public async Task Heads_outside_the_simple_kind_are_read_by_kestrel_which_removes_dot_segments_and_refuses_a_second_host()
    {
        using (var client = await RawClient.ConnectAsync(host.Address))
        {
            await client.SendAsync(RawClient.Get(Echo, "/a/../b?q=/../x"));
            Assert.Equal("/b?q=/../x", PathOf(await client.ReadResponseAsync()));
        }

        using (var client = await RawClient.ConnectAsync(host.Address))
        {
            await client.SendAsync(RawClient.Get(Echo, "/", "Host: ana--hidden.spaces.localhost\r\n"));
            Assert.Equal(400, (await client.ReadResponseAsync()).Status);
        }
    }

    [Theory]
    [InlineData("localhost", "platform")]
    [InlineData("ana--echo.spaces.localhost", null)]
    public async Task A_head_with_bare_line_feeds_is_answered_by_kestrel_at_once(string hostName, string? body)
    {
        using var client = await RawClient.ConnectAsync(host.Address);

        await client.SendAsync($"GET /lf HTTP/1.1\nHost: {hostName}\n\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal(body ?? "/lf", body is null ? PathOf(response) : response.Body);
    }

    [Fact]
    public async Task An_unreachable_upstream_gets_the_502_page_and_the_connection_goes_on()
    {
        var running = host.Control.Endpoints[host.PublicId];
        using var client = await RawClient.ConnectAsync(host.Address);
        try
        {
            host.Control.Endpoints[host.PublicId] = running with { HostPort = ClosedPort() };
            await client.SendAsync(RawClient.Get(Echo, "/", "Accept: text/html\r\n"));
            var page = await client.ReadResponseAsync();

            Assert.Equal("HTTP/1.1 502 Bad Gateway", page.StatusLine);
            Assert.StartsWith("text/html", page.Field("content-type"), StringComparison.Ordinal);
            Assert.Contains("502 Bad gateway", page.Body, StringComparison.Ordinal);
            Assert.Equal("same-site", page.Field("cross-origin-resource-policy"));
        }
        finally
        {
            host.Control.Endpoints[host.PublicId] = running;
        }

        await client.SendAsync(RawClient.Get(Echo, "/back"));
        Assert.Equal("/back", PathOf(await client.ReadResponseAsync()));
    }

    [Fact]
    public async Task An_event_stream_reaches_the_client_as_it_is_written_and_is_sent_on_in_chunks()
    {
        var signals = new Signals();
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            await c.WriteAsync("d\r\ndata: first\n\n\r\n");
            await signals.WaitAsync("first event read");
            await c.WriteAsync("e\r\ndata: second\n\n\r\n0\r\n\r\n");
        });

        await UsingUpstreamAsync(upstream, async client =>
        {
            await client.SendAsync(RawClient.Get(Echo, "/events"));
            var head = await client.ReadHeadAsync();
            Assert.Equal("chunked", head!.Field("transfer-encoding"));
            Assert.Equal("text/event-stream", head.Field("content-type"));
            Assert.Equal("data: first\n\n", System.Text.Encoding.UTF8.GetString(await client.ReadChunkAsync()));
            signals["first event read"].SetResult();
            Assert.Equal("data: second\n\n", System.Text.Encoding.UTF8.GetString(await client.ReadChunkAsync()));
            Assert.Empty(await client.ReadChunkAsync());
        });
    }

    [Fact]
    public async Task An_answer_delimited_by_the_upstream_closing_goes_out_chunked_and_the_client_connection_stays()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end");
            c.Close();
        });

        await UsingUpstreamAsync(upstream, async client =>
        {
            await client.SendAsync(RawClient.Get(Echo, "/1"));
            var first = await client.ReadResponseAsync();
            await client.SendAsync(RawClient.Get(Echo, "/2"));
            var second = await client.ReadResponseAsync();

            Assert.Equal("HTTP/1.1 200 OK", first.StatusLine);
            Assert.Equal("chunked", first.Field("transfer-encoding"));
            Assert.Null(first.Field("connection"));
            Assert.Equal("until the end", first.Body);
            Assert.Equal("until the end", second.Body);
        });
    }

    [Fact]
    public async Task An_upstream_breaking_off_in_the_middle_of_its_body_aborts_the_client_connection()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
            c.Close();
        });

        await UsingUpstreamAsync(upstream, async client =>
        {
            await client.SendAsync(RawClient.Get(Echo, "/"));

            // A body of one buffer goes out with its head: neither is sent, and the connection is reset.
            await Assert.ThrowsAnyAsync<Exception>(() => client.ReadResponseAsync());
        });
    }

    [Fact]
    public async Task A_client_going_away_cancels_the_upstream_call()
    {
        var signals = new Signals();
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            signals["request arrived"].TrySetResult();
            if (await c.WaitForCloseAsync())
            {
                signals["upstream call cancelled"].TrySetResult();
            }
        });

        await UsingUpstreamAsync(upstream, async client =>
        {
            await client.SendAsync(RawClient.Get(Echo, "/never-answered"));
            await signals.WaitAsync("request arrived");
            client.Dispose();
            await signals.WaitAsync("upstream call cancelled");
        });
    }

    [Fact]
    public async Task An_upstream_that_switches_protocols_unasked_gets_a_502()
    {
        await using var upstream = RawUpstream.AnsweringOnceThenClosing("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

        await UsingUpstreamAsync(upstream, async client =>
        {
            await client.SendAsync(RawClient.Get(Echo, "/"));
            Assert.Equal(502, (await client.ReadResponseAsync()).Status);
        });
    }

    private async Task UsingUpstreamAsync(RawUpstream upstream, Func<RawClient, Task> test)
    {
        var running = host.Control.Endpoints[host.PublicId];
        var served = Connections.Served;
        host.Control.Endpoints[host.PublicId] = running with { HostPort = upstream.Address.Port };
        try
        {
            using var client = await RawClient.ConnectAsync(host.Address);
            await test(client);
            Assert.Equal(served + 1, Connections.Served);
        }
        finally
        {
            host.Control.Endpoints[host.PublicId] = running;
        }
    }

    private static string? PathOf(RawResponse response) => JsonDocument.Parse(response.Body).RootElement.GetProperty("path").GetString();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
