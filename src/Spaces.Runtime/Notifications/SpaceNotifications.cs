using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Spaces.Runtime.Notifications;

/// <summary>
/// Publishes what happens to Spaces to whoever watches (SignalR hub, SSE endpoints, tests) — the one notification service.
/// Each watcher has its own bounded channel: a slow watcher never slows the builder or runner; when it falls
/// <see cref="WatcherCapacity"/> items behind, its oldest items are dropped and counted in <see cref="Dropped"/>.
/// Log lines are also kept in a per-Space backlog so a new watcher first gets the last lines.
/// </summary>
public sealed class SpaceNotifications(TimeProvider time)
{
    /// <summary>Items a watcher may fall behind before its oldest are dropped.</summary>
    public const int WatcherCapacity = 10_000;

    /// <summary>Log lines kept per Space and log kind for new watchers.</summary>
    public const int BacklogLines = 500;

    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();
    private readonly ConcurrentDictionary<(long, LogKind), LogBacklog> _backlogs = new();
    private long _dropped;

    /// <summary>Items dropped for slow watchers since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The clock notifications are stamped with.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Publishes to every watcher of that Space (and to watchers of all Spaces).</summary>
    public void Publish(SpaceNotification notification)
    {
        foreach (var watcher in _watchers.Keys)
        {
            if ((watcher.SpaceId is null || watcher.SpaceId == notification.SpaceId) && (watcher.Accept is null || watcher.Accept(notification)))
            {
                if (!watcher.Channel.Writer.TryWrite(notification))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }

    /// <summary>Publishes a log line, numbering it and keeping it in the backlog.</summary>
    public LogLineNotification PublishLog(long spaceId, LogKind kind, string line, bool isError = false)
    {
        var backlog = _backlogs.GetOrAdd((spaceId, kind), _ => new LogBacklog());
        var notification = backlog.Add(spaceId, kind, line, isError, Time.GetUtcNow().UtcDateTime);
        Publish(notification);
        return notification;
    }

    /// <summary>Forgets a Space's build log backlog (a new build starts) or all its backlogs (the Space is deleted).</summary>
    public void ClearBacklog(long spaceId, LogKind? kind = null)
    {
        foreach (var key in _backlogs.Keys.Where(k => k.Item1 == spaceId && (kind is null || k.Item2 == kind)))
        {
            _backlogs.TryRemove(key, out _);
        }
    }

    /// <summary>The last lines of a log (at most <paramref name="tail"/>), oldest first.</summary>
    public IReadOnlyList<LogLineNotification> Backlog(long spaceId, LogKind kind, int tail = BacklogLines) =>
        _backlogs.TryGetValue((spaceId, kind), out var backlog) ? backlog.Tail(tail) : [];

    /// <summary>
    /// Notifications of one Space (or every Space when <paramref name="spaceId"/> is null) from now until cancelled.
    /// </summary>
    public IAsyncEnumerable<SpaceNotification> WatchAsync(long? spaceId, CancellationToken cancellationToken = default) =>
        WatchAsync(spaceId, accept: null, cancellationToken);

    /// <summary>
    /// Like <see cref="WatchAsync(long?, CancellationToken)"/>, but only the notifications <paramref name="accept"/> takes are queued
    /// (it runs on the publisher's thread: keep it cheap), so a watcher of a few kinds is never flooded, nor made to drop, by others.
    /// </summary>
    public async IAsyncEnumerable<SpaceNotification> WatchAsync(
        long? spaceId, Func<SpaceNotification, bool>? accept, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var watcher = new Watcher(spaceId, accept, Channel.CreateBounded<SpaceNotification>(new BoundedChannelOptions(WatcherCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped)));
        _watchers.TryAdd(watcher, 0);
        try
        {
            await foreach (var item in watcher.Channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _watchers.TryRemove(watcher, out _);
        }
    }

    /// <summary>Whether anyone watches this Space (metrics are sampled only then).</summary>
    public bool IsWatched(long spaceId) => _watchers.Keys.Any(w => w.SpaceId == spaceId);

    private sealed record Watcher(long? SpaceId, Func<SpaceNotification, bool>? Accept, Channel<SpaceNotification> Channel);

    private sealed class LogBacklog
    {
        private readonly Queue<LogLineNotification> _lines = new();
        private readonly Lock _lock = new();
        private long _sequence;

        public LogLineNotification Add(long spaceId, LogKind kind, string line, bool isError, DateTime at)
        {
            lock (_lock)
            {
                var notification = new LogLineNotification(spaceId, at, kind, ++_sequence, line, isError);
                _lines.Enqueue(notification);
                if (_lines.Count > BacklogLines)
                {
                    _lines.Dequeue();
                }

                return notification;
            }
        }

        public IReadOnlyList<LogLineNotification> Tail(int count)
        {
            lock (_lock)
            {
                return [.. _lines.Skip(Math.Max(0, _lines.Count - count))];
            }
        }
    }
}
