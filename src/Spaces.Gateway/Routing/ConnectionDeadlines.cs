using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace Spaces.Gateway.Routing;

/// <summary>
/// The keep-alive and request-head timeouts of the client connections the gateway reads itself, checked by one timer each second for
/// all of them (as Kestrel's heartbeat does for its own): a connection that waits past its deadline has its pending read cancelled, and
/// its loop then closes it. Setting a deadline is a field write, so a request costs no timer operation.
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

    /// <summary>Starts watching the connection reading from <paramref name="input"/>; dispose the watch when the connection ends.</summary>
    public Watch Add(PipeReader input)
    {
        var watch = new Watch(this, input);
        _watches[watch] = 0;
        return watch;
    }

    /// <summary>Cancels the pending reads of connections past their deadline (the timer calls it; tests may too).</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (watch, _) in _watches)
        {
            var deadline = Volatile.Read(ref watch.Deadline);
            if (deadline != 0 && now > deadline)
            {
                watch.Expired = true;
                watch.Input.CancelPendingRead();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One connection's deadline.</summary>
    internal sealed class Watch(ConnectionDeadlines owner, PipeReader input) : IDisposable
    {
        /// <summary>The timestamp after which the connection's wait ends, or 0 when it is not waiting.</summary>
        internal long Deadline;

        public PipeReader Input { get; } = input;

        /// <summary>Whether the deadline passed (a cancelled read then means the timeout, not something else).</summary>
        public bool Expired { get; set; }

        /// <summary>Gives the connection <paramref name="timeout"/> from now (infinite: no deadline).</summary>
        public void Start(TimeSpan timeout) => Volatile.Write(
            ref Deadline,
            timeout == Timeout.InfiniteTimeSpan ? 0 : owner._time.GetTimestamp() + (long)(timeout.TotalSeconds * owner._time.TimestampFrequency));

        /// <summary>The connection is not waiting for its client.</summary>
        public void Stop() => Volatile.Write(ref Deadline, 0);

        public void Dispose() => owner._watches.TryRemove(this, out _);
    }
}
