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
            // An exit with the engine gone right after it (or seen only once the engine came back) is the engine's doing, not a crash.
            if (await WaitForExitAsync(spaceId, containerId, stop.Token) || await EngineProblemAsync(stop.Token) is not null)
            {
                await OnEngineLostAsync(spaceId, containerId, stop.Token);
            }
            else
            {
                await OnExitedAsync(spaceId, containerId, flavor);
            }

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

    /// <summary>
    /// Waits until the container stops; true when the engine was unreachable meanwhile and the container is not running once it is
    /// back (an engine without live-restore stops its containers when it stops). A container that survived keeps being watched.
    /// </summary>
    private async Task<bool> WaitForExitAsync(long spaceId, string containerId, CancellationToken cancellationToken)
    {
        var engineWasAway = false;
        while (true)
        {
            try
            {
                if (engineWasAway)
                {
                    if ((await _docker.Containers.InspectAsync(containerId, cancellationToken)).State?.Running != true)
                    {
                        return true;
                    }

                    engineWasAway = false; // It survived the engine's absence (live-restore): keep watching.
                }

                await _docker.Containers.WaitAsync(containerId, ContainerWaitCondition.NotRunning, cancellationToken);
                return false;
            }
            catch (DockerNotFoundException)
            {
                return engineWasAway;
            }
            catch (Exception ex) when (ex is DockerException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // The wait broke (e.g. the engine restarted): look again after a moment.
                if (!engineWasAway)
                {
                    Log.WatchFailed(_logger, spaceId, containerId, ex);
                }

                engineWasAway |= ex is DockerUnreachableException or IOException or HttpRequestException;
                await Task.Delay(_engine.RetryInterval, _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The engine went away with the serving container: RUNTIME_ERROR says so at once (nothing serves), then, once the engine answers,
    /// the old container is removed and the revision started again right away, without counting a crash. A newer operation (restart,
    /// pause, a commit) supersedes the wait and deals with the container itself.
    /// </summary>
    private async Task OnEngineLostAsync(long spaceId, string containerId, CancellationToken watching)
    {
        var slot = Slot(spaceId);
        CancellationToken superseded;
        using (await slot.EnterAsync(watching))
        {
            var runtime = await _stages.GetAsync(spaceId, watching);
            if (runtime?.RunningContainerId != containerId)
            {
                Unwatch(containerId);
                return;
            }

            SetEndpoint(spaceId, null);
            superseded = slot.Current;
            // The container stays recorded: a platform restarted meanwhile finds it stopped (or gone) and starts the Space again.
            await _stages.TransitionAsync(spaceId, SpaceStage.RuntimeError, EngineUnreachableReason, EngineLostMessage(_docker.Endpoint),
                runtime.RunningRevision, r => r.HostPort = null, CancellationToken.None);
        }

        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(watching, superseded))
        {
            await WaitForEngineAsync(waiting.Token);
        }

        using (await slot.EnterAsync(watching))
        {
            superseded.ThrowIfCancellationRequested();
            if (!_watches.TryRemove(containerId, out var watch))
            {
                return; // Removed on purpose while we waited.
            }

            var runtime = await _stages.GetAsync(spaceId, _stopping.Token);
            watch.Stop.Dispose();
            if (runtime?.RunningContainerId != containerId)
            {
                return;
            }

            await _runner.RemoveAsync(containerId, CancellationToken.None);
            _gpus.Release(spaceId);
            await _stages.UpdateAsync(spaceId, r =>
            {
                r.RunningContainerId = null;
                r.HostPort = null;
                r.GpuDeviceIds = null;
            }, CancellationToken.None);
            if (runtime.DesiredState == SpaceDesiredState.Running && runtime.RunningRevision is { } revision)
            {
                Log.Restarting(_logger, spaceId, "The Docker engine is back");
                _ = Deploy(spaceId, revision, noCache: false, reuseImage: true, resetCrashes: false);
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
