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

    // With inline upstream completions an answer is handled on the socket engine's thread; a request served on that thread (a Space
    // connection routed from memory) takes an idle connection whose answers arrive there too, rather than simply the newest.
    [Fact]
    public async Task A_request_on_the_engine_thread_takes_an_idle_connection_answered_on_that_thread()
    {
        await using var upstream = RawUpstream.AnsweringEach("HTTP/1.1 204 No Content\r\n\r\n");
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        using var pools = new UpstreamPools(TimeSpan.FromSeconds(60), clock, inlineCompletions: true);
        var target = pools.Get(upstream.Address);

        var answered = await ConnectAsync(target, clock);
        await ExchangeAsync(answered);
        var fresh = await ConnectAsync(target, clock);
        Assert.NotEqual(-1, answered.EngineThread);
        Assert.Equal(-1, fresh.EngineThread);
        pools.Return(answered);
        pools.Return(fresh);

        // On a pool thread: the newest.
        await Task.Run(() =>
        {
            Assert.Same(fresh, target.Pool.TryTake());
            pools.Return(fresh);
        });

        // On the engine thread (where an inline answer of another connection continues): the one answered there. A process with
        // several engine threads spreads sockets over them, so a probe on the same one is looked for.
        UpstreamConnection? taken = null;
        for (var attempt = 0; attempt < 8 && taken is null; attempt++)
        {
            using var probe = await ConnectAsync(target, clock);
            await ExchangeAsync(probe, () =>
            {
                if (Environment.CurrentManagedThreadId == answered.EngineThread)
                {
                    taken = target.Pool.TryTake();
                }
            });
        }

        taken?.Dispose();
        Assert.Same(answered, taken);
    }

    // Sends a request and receives its answer, the receive started first so that it waits for epoll and completes on the engine thread,
    // where then() runs (not back on the test's own thread: ConfigureAwait(false)).
    private static async Task ExchangeAsync(UpstreamConnection connection, Action? then = null)
    {
        var receiving = connection.ReceiveAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: upstream\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
        Assert.True(await receiving.ConfigureAwait(false) > 0);
        then?.Invoke();
        connection.Consume(connection.Buffered.Length);
    }

    // A real connection to the listener, carrying a request as the forwarder's would.
    private static async Task<UpstreamConnection> ConnectAsync(UpstreamTarget target, TimeProvider clock)
    {
        var connection = await target.Pool.ConnectAsync(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
        connection.BeginRequest();
        return connection;
    }
}
