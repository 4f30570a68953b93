using Spaces.Gateway.Forwarding.Http1;
using Spaces.Gateway.Tests.Routing;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>The upstream pools on a hand-moved clock, with real sockets to a real listener.</summary>
public sealed class UpstreamPoolsTests
{
    [Fact]
    public async Task The_pool_of_an_upstream_nobody_asked_for_within_the_idle_timeout_is_retired_and_a_new_one_made_on_demand()
    {
        await using var upstream = RawUpstream.AnsweringEach("HTTP/1.1 204 No Content\r\n\r\n");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        using var pools = new UpstreamPools(TimeSpan.FromSeconds(60), clock);

        var target = pools.Get(upstream.Address);
        pools.Return(await ConnectAsync(target, clock));
        Assert.Equal((1, 1), (pools.PoolCount, pools.IdleCount));

        // Asked for within the timeout: the pool stays, though its connection, idle for longer, closes.
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Same(target, pools.Get(upstream.Address));
        pools.CloseIdle();
        Assert.Equal((1, 1), (pools.PoolCount, pools.IdleCount));
        clock.Advance(TimeSpan.FromSeconds(50));
        pools.CloseIdle();
        Assert.Equal((1, 0), (pools.PoolCount, pools.IdleCount));

        // Nobody asked for a whole timeout and no connection idles in it: the pool goes.
        clock.Advance(TimeSpan.FromSeconds(61));
        pools.CloseIdle();
        Assert.Equal((0, 0), (pools.PoolCount, pools.IdleCount));
        Assert.True(target.Pool.IsClosed);

        var again = pools.Get(upstream.Address);
        Assert.NotSame(target.Pool, again.Pool);
        pools.Return(await ConnectAsync(again, clock));
        Assert.Equal((1, 1), (pools.PoolCount, pools.IdleCount));
        Assert.Equal(2, upstream.Accepted);
    }

    [Fact]
    public async Task A_connection_in_use_when_its_pool_retires_is_closed_when_returned()
    {
        await using var upstream = RawUpstream.AnsweringEach("HTTP/1.1 204 No Content\r\n\r\n");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        using var pools = new UpstreamPools(TimeSpan.FromSeconds(60), clock);
        var connection = await ConnectAsync(pools.Get(upstream.Address), clock);

        // A long stream: nobody else asked for the upstream meanwhile.
        clock.Advance(TimeSpan.FromMinutes(5));
        pools.CloseIdle();
        pools.Return(connection);

        Assert.Equal((0, 0), (pools.PoolCount, pools.IdleCount));
    }

    // A real connection to the listener, carrying a request as the forwarder's would.
    private static async Task<UpstreamConnection> ConnectAsync(UpstreamTarget target, TimeProvider clock)
    {
        var connection = await target.Pool.ConnectAsync(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
        connection.BeginRequest();
        return connection;
    }
}
