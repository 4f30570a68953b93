using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Core.Repositories;

namespace Spaces.Runtime.Lifecycle;

/// <summary>
/// Feeds repository changes ("space changed") to <see cref="SpaceLifecycle"/> and flushes reported activity every minute.
/// Subscribes in <see cref="StartAsync"/>, so no change published after the host started is missed.
/// </summary>
public sealed partial class SpaceLifecycleWorker(RepoEvents events, SpaceLifecycle lifecycle, TimeProvider time, ILogger<SpaceLifecycleWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan ActivityFlushInterval = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private IAsyncEnumerator<RepoChange>? _changes;
    private Task<bool>? _first;
    private bool _disposed;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The first MoveNextAsync registers the watcher synchronously; ExecuteAsync runs later on the thread pool.
        _changes = events.WatchAsync(_stopping.Token).GetAsyncEnumerator(_stopping.Token);
        _first = _changes.MoveNextAsync().AsTask();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return; // A host disposed before (or instead of) stopping: nothing runs any more.
        }

        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        try
        {
            await lifecycle.FlushActivityAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.FlushFailed(logger, ex);
        }

        await lifecycle.DisposeAsync();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var link = stoppingToken.Register(_stopping.Cancel);
        var flushing = FlushPeriodicallyAsync(_stopping.Token);
        try
        {
            var hasChange = await _first!;
            while (hasChange)
            {
                var change = _changes!.Current;
                try
                {
                    await lifecycle.HandleAsync(change, _stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ChangeFailed(logger, change.RepoId, change.Kind, ex);
                }

                hasChange = await _changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await _changes!.DisposeAsync();
            await flushing;
        }
    }

    private async Task FlushPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ActivityFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await lifecycle.FlushActivityAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.FlushFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4210, Level = LogLevel.Error, Message = "Handling the {Kind} change of repository {RepoId} failed")]
        public static partial void ChangeFailed(ILogger logger, long repoId, RepoChangeKind kind, Exception exception);

        [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "Writing Space activity to the database failed")]
        public static partial void FlushFailed(ILogger logger, Exception exception);
    }
}
