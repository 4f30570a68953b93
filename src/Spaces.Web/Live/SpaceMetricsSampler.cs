using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;

namespace Spaces.Web.Live;

/// <summary>
/// Publishes <see cref="MetricsSample"/>s of a Space's running container while someone watches its metrics: viewers
/// <see cref="Track"/> the Space, and each tick a stats stream is started for every tracked Space that is watched and has a
/// container, and stopped for the others. Nobody watching costs nothing.
/// </summary>
public sealed partial class SpaceMetricsSampler(
    SpaceNotifications notifications,
    SpaceStageStore stages,
    IContainerStatsSource stats,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<SpaceMetricsSampler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, int> _viewers = new();
    private readonly Dictionary<long, Sampling> _samplings = [];

    /// <summary>Asks for metrics of a Space until the returned lease is disposed.</summary>
    public IDisposable Track(long spaceId)
    {
        _viewers.AddOrUpdate(spaceId, 1, (_, count) => count + 1);
        return new Lease(this, spaceId);
    }

    /// <summary>Spaces being sampled now (for tests and diagnostics).</summary>
    internal IReadOnlyCollection<long> Sampled
    {
        get
        {
            lock (_samplings)
            {
                return [.. _samplings.Where(s => !s.Value.Task.IsCompleted).Select(s => s.Key)];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MetricsInterval, time);
        try
        {
            do
            {
                Reconcile();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            List<Sampling> running;
            lock (_samplings)
            {
                running = [.. _samplings.Values];
                _samplings.Clear();
            }

            foreach (var sampling in running)
            {
                await sampling.Stop.CancelAsync();
            }
        }
    }

    private void Reconcile()
    {
        lock (_samplings)
        {
            foreach (var (spaceId, sampling) in _samplings.ToList())
            {
                if (sampling.Task.IsCompleted || !Wanted(spaceId))
                {
                    // Not disposed: the task may still be unwinding with its token (a plain source holds nothing to free).
                    sampling.Stop.Cancel();
                    _samplings.Remove(spaceId);
                }
            }

            foreach (var spaceId in _viewers.Keys)
            {
                if (!_samplings.ContainsKey(spaceId) && Wanted(spaceId))
                {
                    // Not linked to stoppingToken (that would register on it until disposed): shutdown cancels each in ExecuteAsync.
                    var stop = new CancellationTokenSource();
                    _samplings[spaceId] = new Sampling(stop, SampleAsync(spaceId, stop.Token));
                }
            }
        }
    }

    private bool Wanted(long spaceId) => _viewers.TryGetValue(spaceId, out var count) && count > 0 && notifications.IsWatched(spaceId);

    private async Task SampleAsync(long spaceId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var runtime = await stages.GetAsync(spaceId, cancellationToken);
            if (runtime?.RunningContainerId is not { } containerId)
            {
                return;
            }

            Log.Sampling(logger, spaceId, containerId);
            await foreach (var sample in stats.StreamAsync(containerId, cancellationToken))
            {
                notifications.Publish(new MetricsSample(
                    spaceId, time.GetUtcNow().UtcDateTime, sample.CpuPercent, sample.MemoryBytes, sample.MemoryLimitBytes));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Nobody watches any more.
        }
        catch (Exception exception)
        {
            // The container went away or the engine is unreachable: the next tick tries again.
            Log.SamplingFailed(logger, spaceId, exception);
        }
    }

    private void Release(long spaceId)
    {
        if (_viewers.AddOrUpdate(spaceId, 0, (_, count) => count - 1) <= 0)
        {
            _viewers.TryRemove(new KeyValuePair<long, int>(spaceId, 0));
        }
    }

    private sealed record Sampling(CancellationTokenSource Stop, Task Task);

    private sealed class Lease(SpaceMetricsSampler sampler, long spaceId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                sampler.Release(spaceId);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Sampling metrics of Space {SpaceId} (container {ContainerId}).")]
        public static partial void Sampling(ILogger logger, long spaceId, string containerId);

        [LoggerMessage(2, LogLevel.Debug, "Sampling metrics of Space {SpaceId} stopped.")]
        public static partial void SamplingFailed(ILogger logger, long spaceId, Exception exception);
    }
}
