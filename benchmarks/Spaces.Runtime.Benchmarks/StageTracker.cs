using System.Diagnostics;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Benchmarks;

/// <summary>A stage a Space reached, with the <see cref="Stopwatch"/> timestamp at which a watcher received it.</summary>
internal sealed record ObservedStage(long SpaceId, SpaceStage Stage, string? Revision, string? ErrorMessage, long ReceivedAt);

/// <summary>A build log line, with the <see cref="Stopwatch"/> timestamp at which a watcher received it (for <c>--trace</c>).</summary>
internal sealed record ObservedLine(long SpaceId, string Line, long ReceivedAt);

/// <summary>
/// Watches every Space's stage changes (and build log lines) through <see cref="SpaceNotifications.WatchAsync(long?, CancellationToken)"/> (as the hub does) from creation on, so a
/// benchmark can wait for a stage it caused without polling the database and read when each stage arrived.
/// </summary>
internal sealed class StageTracker : IAsyncDisposable
{
    private static readonly SpaceStage[] Errors = [SpaceStage.BuildError, SpaceStage.RuntimeError, SpaceStage.ConfigError, SpaceStage.NoAppFile];

    private readonly List<ObservedStage> _seen = [];
    private readonly List<ObservedLine> _buildLines = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StageTracker(SpaceNotifications notifications)
    {
        // WatchAsync registers its watcher on the first MoveNextAsync: done here, synchronously, so nothing published later is missed.
        var changes = notifications.WatchAsync(null, _stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = changes.MoveNextAsync().AsTask();
        _watching = Task.Run(() => ReadAsync(changes, first));
    }

    /// <summary>The stages a Space went through since this tracker started, oldest first.</summary>
    public IReadOnlyList<ObservedStage> Of(long spaceId)
    {
        lock (_seen)
        {
            return [.. _seen.Where(s => s.SpaceId == spaceId)];
        }
    }

    /// <summary>The build log lines of a Space since this tracker started, oldest first.</summary>
    public IReadOnlyList<ObservedLine> BuildLinesOf(long spaceId)
    {
        lock (_seen)
        {
            return [.. _buildLines.Where(l => l.SpaceId == spaceId)];
        }
    }

    /// <summary>
    /// Waits for <paramref name="stage"/> (of <paramref name="revision"/> when given) received at or after <paramref name="since"/>;
    /// throws with the error message when an error stage arrives first.
    /// </summary>
    public async Task<ObservedStage> WaitAsync(long spaceId, SpaceStage stage, string? revision, long since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_seen)
            {
                foreach (var seen in _seen.Where(s => s.SpaceId == spaceId && s.ReceivedAt >= since))
                {
                    if (seen.Stage == stage && (revision is null || seen.Revision == revision))
                    {
                        return seen;
                    }

                    if (Errors.Contains(seen.Stage))
                    {
                        throw new InvalidOperationException($"Space {spaceId} reached {seen.Stage.ToHubName()}: {seen.ErrorMessage}");
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var history = string.Join(" > ", Of(spaceId).Select(s => s.Stage.ToHubName()));
                throw new TimeoutException($"Space {spaceId} did not reach {stage.ToHubName()} within {timeout.TotalSeconds:F0} s (stages: {history}).");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(IAsyncEnumerator<SpaceNotification> changes, Task<bool> first)
    {
        await using var _ = changes;
        var hasNext = await first;
        while (hasNext)
        {
            if (changes.Current is StageChanged stage)
            {
                var observed = new ObservedStage(stage.SpaceId, stage.Stage, stage.Revision, stage.ErrorMessage, Stopwatch.GetTimestamp());
                lock (_seen)
                {
                    _seen.Add(observed);
                    _changed.SetResult();
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            else if (changes.Current is LogLineNotification { Kind: LogKind.Build } line)
            {
                lock (_seen)
                {
                    _buildLines.Add(new ObservedLine(line.SpaceId, line.Line, Stopwatch.GetTimestamp()));
                }
            }

            hasNext = await changes.MoveNextAsync();
        }
    }
}
