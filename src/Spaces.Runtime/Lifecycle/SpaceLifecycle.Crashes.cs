using System.Collections.Concurrent;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Runs;

namespace Spaces.Runtime.Lifecycle;

// Watching the serving container: an exit nobody asked for is a crash (RUNTIME_ERROR), restarted with backoff up to a bound.
public sealed partial class SpaceLifecycle
{
    private readonly ConcurrentDictionary<string, (long SpaceId, CancellationTokenSource Stop)> _watches = new(StringComparer.Ordinal);

    /// <summary>Watches the container that takes the Space's traffic until it ends or <see cref="Unwatch"/> is called.</summary>
    private void Watch(long spaceId, string containerId, HardwareFlavor flavor)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (!_watches.TryAdd(containerId, (spaceId, stop)))
        {
            stop.Dispose();
            return;
        }

        _ = RunInBackground(spaceId, "Watching", async () =>
        {
            await WaitForExitAsync(spaceId, containerId, stop.Token);
            await OnExitedAsync(spaceId, containerId, flavor);
            return true;
        });
    }

    private void Unwatch(string containerId)
    {
        if (_watches.TryRemove(containerId, out var watch))
        {
            watch.Stop.Cancel();
        }
    }

    private void UnwatchSpace(long spaceId)
    {
        foreach (var (containerId, watch) in _watches)
        {
            if (watch.SpaceId == spaceId)
            {
                Unwatch(containerId);
            }
        }
    }

    private async Task WaitForExitAsync(long spaceId, string containerId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _docker.Containers.WaitAsync(containerId, ContainerWaitCondition.NotRunning, cancellationToken);
                return;
            }
            catch (DockerNotFoundException)
            {
                return;
            }
            catch (Exception ex) when (ex is DockerException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // The wait broke (e.g. the engine restarted): look again after a moment.
                Log.WatchFailed(_logger, spaceId, containerId, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
            }
        }
    }

    private async Task OnExitedAsync(long spaceId, string containerId, HardwareFlavor flavor)
    {
        var slot = Slot(spaceId);
        using (await slot.EnterAsync(_stopping.Token))
        {
            if (!_watches.TryRemove(containerId, out var watch))
            {
                return; // Removed on purpose while we waited for the gate.
            }

            watch.Stop.Dispose();
            var runtime = await _stages.GetAsync(spaceId, _stopping.Token);
            if (runtime?.RunningContainerId != containerId)
            {
                return;
            }

            ContainerExit exit;
            try
            {
                exit = await _runner.DescribeExitAsync(containerId, flavor.MemoryMiB, _stopping.Token);
            }
            catch (DockerNotFoundException)
            {
                exit = new ContainerExit("The app's container disappeared (removed outside the platform).", -1, false, TimeSpan.Zero);
            }

            Log.Crashed(_logger, spaceId, containerId, exit.ExitCode, exit.OomKilled);
            await _runner.RemoveAsync(containerId, CancellationToken.None);
            _gpus.Release(spaceId);
            SetEndpoint(spaceId, null);
            var crashes = (exit.Ran >= CrashCountReset ? 0 : runtime.CrashCount) + 1;
            var restart = crashes <= _options.MaxCrashRestarts && runtime.DesiredState == SpaceDesiredState.Running;
            var reason = restart
                ? $"The app crashed; restart {crashes} of {_options.MaxCrashRestarts} follows"
                : $"The app crashed {crashes} time(s); not restarted";
            await _stages.TransitionAsync(spaceId, SpaceStage.RuntimeError, reason, exit.Message, runtime.RunningRevision, r =>
            {
                r.RunningContainerId = null;
                r.HostPort = null;
                r.GpuDeviceIds = null;
                r.CrashCount = crashes;
            }, CancellationToken.None);
            if (restart && runtime.RunningRevision is { } revision)
            {
                var delay = CrashBackoff * Math.Pow(2, crashes - 1);
                var token = slot.Current;
                _ = RunInBackground(spaceId, "Restarting after a crash", async () =>
                {
                    await Task.Delay(delay, _time, token);
                    return await DeployAsync(spaceId, revision, noCache: false, reuseImage: true, resetCrashes: false, token);
                });
            }
        }
    }
}
