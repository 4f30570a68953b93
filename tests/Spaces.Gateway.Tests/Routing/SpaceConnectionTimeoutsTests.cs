using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Routing;
using Spaces.Gateway.Tests.Forwarding;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>The keep-alive and request-head timeouts of the connections the gateway reads itself, and how they end when the server stops.</summary>
public sealed class SpaceConnectionTimeoutsTests(SpaceConnectionTimeoutsTests.ShortTimeouts host) : IClassFixture<SpaceConnectionTimeoutsTests.ShortTimeouts>
{
    private static readonly string Echo = GatewayHostFixture.HostOf("echo");

    [Fact]
    public async Task A_connection_idle_past_the_keep_alive_timeout_is_closed()
    {
        var served = host.Services.GetRequiredService<SpaceConnections>().Served;
        using var client = await RawClient.ConnectAsync(host.Address);
        await client.SendAsync(RawClient.Get(Echo, "/"));
        Assert.Equal(200, (await client.ReadResponseAsync()).Status);
        Assert.Equal(served + 1, host.Services.GetRequiredService<SpaceConnections>().Served);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await client.ClosedAsync(patience.Token));
    }

    [Fact]
    public async Task A_head_that_does_not_arrive_whole_in_time_ends_its_connection()
    {
        using var client = await RawClient.ConnectAsync(host.Address);
        await client.SendAsync($"GET / HTTP/1.1\r\nHost: {Echo}\r\nAccept: ");

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await client.ClosedAsync(patience.Token));
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_in_time_gets_the_504_page_and_the_connection_ends()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WaitForCloseAsync();
        });
        var running = host.Control.Endpoints[host.PublicId];
        host.Control.Endpoints[host.PublicId] = running with { HostPort = upstream.Address.Port };
        try
        {
            using var client = await RawClient.ConnectAsync(host.Address);
            await client.SendAsync(RawClient.Get(Echo, "/slow"));
            var page = await client.ReadResponseAsync();

            Assert.Equal("HTTP/1.1 504 Gateway Timeout", page.StatusLine);
            Assert.Equal("same-site", page.Field("cross-origin-resource-policy"));
            Assert.True(await client.ClosedAsync());
        }
        finally
        {
            host.Control.Endpoints[host.PublicId] = running;
        }
    }

    [Fact]
    public async Task A_watch_past_its_deadline_has_its_read_cancelled_and_one_within_it_does_not()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        using var deadlines = new ConnectionDeadlines(time);
        var late = new Pipe();
        var timely = new Pipe();
        using var lateWatch = deadlines.Add(static s => ((PipeReader)s).CancelPendingRead(), late.Reader);
        using var timelyWatch = deadlines.Add(static s => ((PipeReader)s).CancelPendingRead(), timely.Reader);
        lateWatch.Start(TimeSpan.FromSeconds(5));
        timelyWatch.Start(TimeSpan.FromSeconds(30));
        var lateRead = late.Reader.ReadAsync();
        var timelyRead = timely.Reader.ReadAsync();

        time.Advance(TimeSpan.FromSeconds(6));
        deadlines.Sweep();

        Assert.True((await lateRead).IsCanceled);
        Assert.True(lateWatch.Expired);
        Assert.False(timelyRead.IsCompleted);
        Assert.False(timelyWatch.Expired);
        timelyWatch.Stop();
        time.Advance(TimeSpan.FromMinutes(5));
        deadlines.Sweep();
        Assert.False(timelyRead.IsCompleted);
        await timely.Writer.CompleteAsync();
        Assert.True((await timelyRead).IsCompleted);
    }

    [Fact]
    public async Task Stopping_the_server_ends_an_idle_direct_connection_at_once_instead_of_waiting_for_the_shutdown_timeout()
    {
        var own = new GatewayHostFixture();
        await own.InitializeAsync();
        try
        {
            using var client = await RawClient.ConnectAsync(own.Address);
            await client.SendAsync(RawClient.Get(Echo, "/"));
            Assert.Equal(200, (await client.ReadResponseAsync()).Status);

            // Kestrel waits for open connections until this token fires, then aborts them.
            using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await own.StopGatewayAsync(shutdownTimeout.Token);

            Assert.False(shutdownTimeout.IsCancellationRequested);
            Assert.True(await client.ClosedAsync());
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    /// <summary>The gateway with Kestrel's keep-alive and head timeouts, and the forwarder's response-headers timeout, at one second.</summary>
    public sealed class ShortTimeouts : GatewayHostFixture
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<ForwarderOptions>(o => o.ResponseHeadersTimeout = TimeSpan.FromSeconds(1));

        protected override void ConfigureKestrel(KestrelServerOptions options)
        {
            options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1);
            options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
        }
    }
}
