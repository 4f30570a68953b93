using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// Every upstream's connection pool, and the timer that closes connections idle longer than allowed and then the pools of upstreams
/// nobody asked for in that time (a Space's container gets a new port with each start). Targets are remembered per <see cref="Uri"/>
/// instance (callers keep one per upstream), pools per host and port.
/// </summary>
internal sealed class UpstreamPools : IDisposable
{
    private readonly ConditionalWeakTable<Uri, UpstreamTarget> _targets = new();
    private readonly ConcurrentDictionary<(string Host, int Port), UpstreamPool> _pools = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _idleTimeout;
    private readonly bool _inlineCompletions;
    private readonly ITimer? _scavenger;

    public UpstreamPools(TimeSpan idleTimeout, TimeProvider timeProvider, bool inlineCompletions = false)
    {
        _idleTimeout = idleTimeout;
        _inlineCompletions = inlineCompletions;
        _timeProvider = timeProvider;
        if (idleTimeout > TimeSpan.Zero)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
            using (ExecutionContext.SuppressFlow())
            {
                _scavenger = timeProvider.CreateTimer(static s => ((UpstreamPools)s!).CloseIdle(), this, period, period);
            }
        }
    }

    /// <summary>Whether connections are kept for reuse at all (an idle timeout of zero closes each after its request).</summary>
    public bool Pooling => _idleTimeout > TimeSpan.Zero;

    /// <summary>The target for <paramref name="upstream"/> (made once per URI instance).</summary>
    public UpstreamTarget Get(Uri upstream)
    {
        if (!_targets.TryGetValue(upstream, out var target) || target.Pool.IsClosed)
        {
            var key = (upstream.IdnHost, upstream.Port);
            UpstreamPool pool;
            // A pool retired by the timer may still be listed for a moment: take it out and make a new one.
            while ((pool = _pools.GetOrAdd(key, static (key, inline) => new UpstreamPool(key.Host, key.Port, inline), _inlineCompletions)).IsClosed)
            {
                _pools.TryRemove(new KeyValuePair<(string, int), UpstreamPool>(key, pool));
            }

            target = new UpstreamTarget(upstream, pool);
            _targets.AddOrUpdate(upstream, target);
        }

        target.Pool.LastUsed = _timeProvider.GetTimestamp();
        return target;
    }

    /// <summary>How many upstreams have a pool.</summary>
    public int PoolCount => _pools.Count;

    /// <summary>Returns a connection to its pool after a clean exchange, or closes it when pooling is off.</summary>
    public void Return(UpstreamConnection connection)
    {
        connection.EndRequest();
        if (Pooling)
        {
            connection.Pool.Return(connection, _timeProvider.GetTimestamp());
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>How many connections idle, over all upstreams.</summary>
    public int IdleCount => _pools.Values.Sum(p => p.IdleCount);

    /// <summary>
    /// Closes the connections idle for longer than the idle timeout, then the pools nobody asked for in that time (the timer calls it;
    /// tests may too).
    /// </summary>
    public void CloseIdle()
    {
        var before = _timeProvider.GetTimestamp() - (long)(_idleTimeout.TotalSeconds * _timeProvider.TimestampFrequency);
        foreach (var (key, pool) in _pools)
        {
            pool.CloseIdleSince(before);
            if (pool.TryRetire(before))
            {
                _pools.TryRemove(new KeyValuePair<(string, int), UpstreamPool>(key, pool));
            }
        }
    }

    public void Dispose()
    {
        _scavenger?.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }
}
