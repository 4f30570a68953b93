using System.Collections.Concurrent;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// Deadlines of the client connections the gateway reads itself — waiting for a request head, waiting for an upstream's answer — checked
/// by one timer each second for all of them, as Kestrel's heartbeat does for its own connections. Starting or stopping a wait is a field
/// write, so a request costs no timer operation; a wait past its deadline gets its watch's callback, once.
/// </summary>
internal sealed class ConnectionDeadlines : IDisposable
{
    private readonly ConcurrentDictionary<Watch, byte> _watches = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public ConnectionDeadlines(TimeProvider time)
    {
        _time = time;
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static s => ((ConnectionDeadlines)s!).Sweep(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A watch calling <paramref name="onExpired"/> with <paramref name="state"/> when a wait passes its deadline; dispose it when done.</summary>
    public Watch Add(Action<object> onExpired, object state)
    {
        var watch = new Watch(this, onExpired, state);
        _watches[watch] = 0;
        return watch;
    }

    /// <summary>Ends the waits past their deadline (the timer calls it; tests may too).</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (watch, _) in _watches)
        {
            var deadline = Volatile.Read(ref watch.Deadline);
            // Only the wait that was read: one stopped or started again meanwhile is left alone.
            if (deadline != 0 && now > deadline && Interlocked.CompareExchange(ref watch.Deadline, 0, deadline) == deadline)
            {
                watch.Expire();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One connection's wait of one kind.</summary>
    internal sealed class Watch(ConnectionDeadlines owner, Action<object> onExpired, object state) : IDisposable
    {
        /// <summary>The timestamp after which the wait ends, or 0 when nothing is awaited.</summary>
        internal long Deadline;

        private volatile bool _expired;

        /// <summary>Whether a wait passed its deadline (its callback ran).</summary>
        public bool Expired => _expired;

        /// <summary>Starts a wait of <paramref name="timeout"/> from now (infinite: no deadline).</summary>
        public void Start(TimeSpan timeout) => Volatile.Write(
            ref Deadline,
            timeout == Timeout.InfiniteTimeSpan ? 0 : owner._time.GetTimestamp() + Math.Max(1, (long)(timeout.TotalSeconds * owner._time.TimestampFrequency)));

        /// <summary>The wait is over.</summary>
        public void Stop() => Volatile.Write(ref Deadline, 0);

        internal void Expire()
        {
            _expired = true;
            onExpired(state);
        }

        public void Dispose() => owner._watches.TryRemove(this, out _);
    }
}
