using Microsoft.EntityFrameworkCore;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Lifecycle;

// Taking a Space down (pause, stop, sleep, delete) and bringing a sleeping one back (wake).
public sealed partial class SpaceLifecycle
{
    /// <summary>Cancels the Space's build and operation, removes its container and records the stage and desired state.</summary>
    private async Task HaltAsync(long spaceId, SpaceStage stage, SpaceDesiredState desired, string reason, CancellationToken cancellationToken)
    {
        var slot = Slot(spaceId);
        slot.Supersede();
        await _builds.CancelAsync(spaceId, reason);
        using (await slot.EnterAsync(cancellationToken))
        {
            var runtime = await _stages.GetAsync(spaceId, cancellationToken);
            try
            {
                await RemoveContainerAsync(spaceId, runtime?.RunningContainerId);
            }
            catch (DockerUnreachableException)
            {
                // The engine is away (it stopped the container as it went): the reconciler removes what no Space serves once it is back.
            }

            SetEndpoint(spaceId, null);
            _gpus.Release(spaceId);
            await _stages.TransitionAsync(spaceId, stage, reason, null, runtime?.RunningRevision, r =>
            {
                r.DesiredState = desired;
                r.RunningContainerId = null;
                r.HostPort = null;
                r.GpuDeviceIds = null;
                r.PendingRevision = null;
            }, CancellationToken.None);
            Log.Stage(_logger, spaceId, stage.ToHubName(), reason);
        }
    }

    /// <inheritdoc />
    public async Task DeleteResourcesAsync(long spaceId, CancellationToken cancellationToken = default)
    {
        var slot = Slot(spaceId);
        slot.Supersede();
        await _builds.CancelAsync(spaceId, "The Space is being deleted.");
        using (await slot.EnterAsync(cancellationToken))
        {
            const string Reason = "The Space is being deleted";
            if (await _stages.GetAsync(spaceId, cancellationToken) is not null)
            {
                try
                {
                    await _stages.TransitionAsync(spaceId, SpaceStage.Deleting, Reason, cancellationToken: cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // The repository row went meanwhile (its runtime row with it): nothing left to record.
                }
            }
            else
            {
                _notifications.Publish(new StageChanged(spaceId, _time.GetUtcNow().UtcDateTime, SpaceStage.Deleting, Reason, null, null));
            }

            UnwatchSpace(spaceId);
            SetEndpoint(spaceId, null);
            try
            {
                await RemoveEngineResourcesAsync(spaceId, cancellationToken);
            }
            catch (Exception ex) when (ex is DockerUnreachableException or HttpRequestException or IOException)
            {
                // The deletion stands without the engine: its labelled resources go once it answers (and the reconciler sweeps
                // resources of Spaces that no longer exist, also after a platform restart).
                Log.CleanupDeferred(_logger, spaceId, ex.Message);
                _ = RunInBackground(spaceId, "Removing the engine resources of a deleted Space", async () =>
                {
                    await WaitForEngineAsync(_stopping.Token);
                    // The images not beside a build: the builds the engine's return lets start may reuse this Space's cached layers.
                    await RemoveEngineResourcesAsync(spaceId, _stopping.Token);
                    return true;
                });
            }

            _gpus.Release(spaceId);
            _activity.TryRemove(spaceId, out _);
            _activityFlushed.TryRemove(spaceId, out _);
            _notifications.ClearBacklog(spaceId);
        }
    }

    // A deleted Space's containers, network and volume go now. Its images go now when no build runs, else once none does, in the
    // background (a build may take minutes; one waiting removal per Space): removing them beside a build could remove cached layers
    // it is reusing, and it would fail with "unknown parent image ID".
    private async Task RemoveEngineResourcesAsync(long spaceId, CancellationToken cancellationToken)
    {
        await _resources.RemoveRunningAsync(spaceId, cancellationToken);

        if (_imageGuard.TryEnterRemoval() is { } removal)
        {
            using (removal)
            {
                await _resources.RemoveImagesAsync(spaceId, cancellationToken);
            }

            return;
        }

        if (!_imageRemovals.TryAdd(spaceId, 0))
        {
            return;
        }

        _ = RunInBackground(spaceId, "Removing the images of a deleted Space", async () =>
        {
            try
            {
                using (await _imageGuard.EnterRemovalAsync(_stopping.Token))
                {
                    await _resources.RemoveImagesAsync(spaceId, _stopping.Token);
                }

                return true;
            }
            finally
            {
                _imageRemovals.TryRemove(spaceId, out _);
            }
        });
    }

    /// <inheritdoc />
    public async Task<bool> WakeAsync(Core.Repositories.Repo space, CancellationToken cancellationToken = default)
    {
        var runtime = await _stages.GetAsync(space.Id, cancellationToken);
        if (runtime is null || runtime.DesiredState is SpaceDesiredState.Paused or SpaceDesiredState.Stopped)
        {
            return false;
        }

        if (runtime.RunningContainerId is not null)
        {
            return true;
        }

        if (runtime.Stage != SpaceStage.Sleeping || (runtime.RunningRevision ?? space.HeadCommit) is not { } revision)
        {
            return false;
        }

        if (await EngineProblemAsync(cancellationToken) is { } problem)
        {
            // No waiting for the wake timeout: the stage says why at once, and the Space starts once the engine answers again.
            using (await Slot(space.Id).EnterAsync(cancellationToken))
            {
                await RecordEngineUnreachableAsync(space.Id, revision, problem, cancellationToken);
            }

            _ = Deploy(space.Id, revision, noCache: false, reuseImage: true, resetCrashes: true);
            return false;
        }

        // Concurrent requests share one start; a request that gives up does not stop it (the Space keeps starting).
        Task<bool> wake;
        lock (_wakes)
        {
            if (!_wakes.TryGetValue(space.Id, out wake!))
            {
                wake = WakeOnceAsync(space.Id, revision);
                _wakes[space.Id] = wake;
            }
        }

        try
        {
            return await wake.WaitAsync(_options.WakeTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> WakeOnceAsync(long spaceId, string revision)
    {
        try
        {
            return await Deploy(spaceId, revision, noCache: false, reuseImage: true, resetCrashes: true);
        }
        finally
        {
            lock (_wakes)
            {
                _wakes.Remove(spaceId);
            }
        }
    }
}
