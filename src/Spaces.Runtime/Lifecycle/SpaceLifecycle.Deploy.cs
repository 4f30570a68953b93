using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Runs;

namespace Spaces.Runtime.Lifecycle;

// Deploying a revision: config, build (outside the gate), start beside the serving container, switch once healthy, remove the old one.
public sealed partial class SpaceLifecycle
{
    /// <summary>
    /// Deploys <paramref name="revision"/> in the background, superseding whatever the Space was doing. With
    /// <paramref name="reuseImage"/> an existing image of the revision is started without a build (restart, resume).
    /// </summary>
    private Task<bool> Deploy(long spaceId, string revision, bool noCache, bool reuseImage, bool resetCrashes)
    {
        var token = Slot(spaceId).Supersede();
        return RunInBackground(spaceId, "Deploying", () => DeployAsync(spaceId, revision, noCache, reuseImage, resetCrashes, token));
    }

    /// <summary>
    /// Deploys, and when the engine does not answer records RUNTIME_ERROR naming it, waits for it (without holding the Space's gate) and
    /// tries again: a restart, wake or commit made while the engine is down takes effect once it is back.
    /// </summary>
    private async Task<bool> DeployAsync(long spaceId, string revision, bool noCache, bool reuseImage, bool resetCrashes, CancellationToken token)
    {
        while (true)
        {
            try
            {
                return await DeployOnceAsync(spaceId, revision, noCache, reuseImage, resetCrashes, token);
            }
            catch (DockerUnreachableException ex) when (!token.IsCancellationRequested)
            {
                using (await Slot(spaceId).EnterAsync(token))
                {
                    await RecordEngineUnreachableAsync(spaceId, revision, ex, token);
                }

                await WaitForEngineAsync(token);
            }
        }
    }

    private async Task<bool> DeployOnceAsync(long spaceId, string revision, bool noCache, bool reuseImage, bool resetCrashes, CancellationToken token)
    {
        var slot = Slot(spaceId);
        Repo space;
        SpaceConfig config;
        HardwareFlavor flavor;
        using (await slot.EnterAsync(token))
        {
            if (await LoadSpaceAsync(spaceId, token) is not { } loaded)
            {
                return false;
            }

            space = loaded;
            var runtime = await _stages.GetAsync(spaceId, token);
            if (runtime?.DesiredState is SpaceDesiredState.Paused or SpaceDesiredState.Stopped)
            {
                // A commit to a paused or stopped Space waits for its owner to resume it (resume deploys the head).
                return false;
            }

            if (await ResolveConfigAsync(space, revision, token) is not { } resolved)
            {
                return false;
            }

            (config, flavor) = resolved;
            if (reuseImage && (config.Sdk == SpaceSdk.Static || await _docker.Images.ExistsAsync(_names.ImageTag(spaceId, revision), token)))
            {
                return await StartAndSwitchLockedAsync(space, revision, config, flavor, $"Starting revision {Short(revision)}", resetCrashes, token);
            }

            await _stages.TransitionAsync(spaceId, IsServing(runtime) ? SpaceStage.RunningBuilding : SpaceStage.Building,
                $"Building revision {Short(revision)}", revision: revision, update: r =>
                {
                    r.PendingRevision = revision;
                    r.DesiredState = SpaceDesiredState.Running;
                }, cancellationToken: token);
        }

        // The build runs without the gate: controls stay responsive, and a newer commit supersedes this wait (the queue cancels the build).
        var result = await BuildRidingOutEngineAsync(space, revision, noCache, token);
        using (await slot.EnterAsync(token))
        {
            token.ThrowIfCancellationRequested();
            if (result.Status == SpaceBuildStatus.Cancelled)
            {
                return false;
            }

            if (!result.Succeeded)
            {
                var (reason, message) = result.EngineLost
                    ? ($"Build of revision {Short(revision)} failed: the Docker engine went away",
                        $"{result.ErrorMessage} The engine went away during each of {_options.BuildEngineAttempts} attempts of this build; " +
                        "restart the Space (or push again) once the engine runs steadily.")
                    : ($"Build of revision {Short(revision)} failed", result.ErrorMessage ?? "The build failed.");
                await _stages.TransitionAsync(spaceId, SpaceStage.BuildError, reason, message, revision, r => r.PendingRevision = null, token);
                return false;
            }

            return await StartAndSwitchLockedAsync(space, result.Revision, result.Config ?? config, flavor,
                $"Revision {Short(result.Revision)} built", resetCrashes, token);
        }
    }

    /// <summary>The config and flavor of a revision, or null after recording CONFIG_ERROR / NO_APP_FILE.</summary>
    private async Task<(SpaceConfig Config, HardwareFlavor Flavor)?> ResolveConfigAsync(Repo space, string revision, CancellationToken token)
    {
        var parsed = await _configs.LoadAsync(space, revision, token);
        if (!parsed.IsSuccess)
        {
            await _stages.TransitionAsync(space.Id, parsed.Stage ?? SpaceStage.ConfigError, "README.md cannot be used",
                parsed.ErrorMessage, revision, r => r.PendingRevision = null, token);
            return null;
        }

        var name = space.RequestedHardware ?? parsed.Config.Hardware ?? _options.DefaultHardware;
        if (_options.Flavors.FirstOrDefault(f => f.Name == name) is not { } flavor)
        {
            var offered = string.Join(", ", _options.Flavors.Select(f => f.Name).Distinct());
            await _stages.TransitionAsync(space.Id, SpaceStage.ConfigError, "Unknown hardware flavor",
                $"hardware: '{name}' is not offered on this platform; choose one of {offered}.", revision, r => r.PendingRevision = null, token);
            return null;
        }

        return (parsed.Config, flavor);
    }

    /// <summary>
    /// Starts the revision beside whatever serves (APP_STARTING or RUNNING_APP_STARTING), switches traffic to it in one save once it
    /// answers, then removes the old container. A static Space has no container: it is RUNNING once validated.
    /// </summary>
    private async Task<bool> StartAndSwitchLockedAsync(
        Repo space, string revision, SpaceConfig config, HardwareFlavor flavor, string reason, bool resetCrashes, CancellationToken token)
    {
        var runtime = await _stages.GetAsync(space.Id, token);
        var old = runtime?.RunningContainerId;
        if (config.Sdk == SpaceSdk.Static)
        {
            await _stages.TransitionAsync(space.Id, SpaceStage.Running, $"Static files of revision {Short(revision)} validated", null, revision, r =>
            {
                r.RunningRevision = revision;
                r.RunningContainerId = null;
                r.HostPort = null;
                r.Hardware = null;
                r.GpuDeviceIds = null;
                r.PendingRevision = null;
                r.DesiredState = SpaceDesiredState.Running;
                r.CrashCount = 0;
            }, token);
            SetEndpoint(space.Id, null);
            await RemoveContainerAsync(space.Id, old);
            _gpus.Release(space.Id);
            return true;
        }

        // A recorded container without a port serves nothing (the engine took it away): this start is not "beside" anything.
        var serving = old is not null && runtime!.HostPort is not null;
        await _stages.TransitionAsync(space.Id, serving ? SpaceStage.RunningAppStarting : SpaceStage.AppStarting, reason, null, revision,
            r => r.PendingRevision = revision, token);
        SpaceContainer container;
        try
        {
            var image = _names.ImageTag(space.Id, revision);
            container = await _runner.StartAsync(new SpaceRunRequest(space, revision, image, config, flavor), token);
        }
        catch (SpaceRunException ex)
        {
            await _stages.TransitionAsync(space.Id, SpaceStage.RuntimeError, $"Revision {Short(revision)} did not start", ex.Message, revision,
                r => r.PendingRevision = null, CancellationToken.None);
            if (old is null)
            {
                _gpus.Release(space.Id);
            }

            return false;
        }

        // Traffic switches in one save (container, port and revision together); RUNNING is recorded once the old container is gone.
        await _stages.UpdateAsync(space.Id, r =>
        {
            r.RunningRevision = revision;
            r.RunningContainerId = container.ContainerId;
            r.HostPort = container.HostPort;
            r.Hardware = container.Hardware;
            r.GpuDeviceIds = container.GpuDeviceIds.Count > 0 ? string.Join(',', container.GpuDeviceIds) : null;
            r.PendingRevision = null;
            r.DesiredState = SpaceDesiredState.Running;
            r.CrashCount = resetCrashes ? 0 : r.CrashCount;
        }, CancellationToken.None);
        SetEndpoint(space.Id, new SpaceEndpoint(space.Id, revision, container.HostPort));
        Watch(space.Id, container.ContainerId, flavor);
        if (old != container.ContainerId)
        {
            await RemoveContainerAsync(space.Id, old);
        }

        await _stages.TransitionAsync(space.Id, SpaceStage.Running, $"Revision {Short(revision)} answers", null, revision, cancellationToken: CancellationToken.None);
        return true;
    }

    /// <summary>Stops watching and removes a container (no-op for null).</summary>
    private async Task RemoveContainerAsync(long spaceId, string? containerId)
    {
        if (containerId is null)
        {
            return;
        }

        Unwatch(containerId);
        await _runner.RemoveAsync(containerId, CancellationToken.None);
        Log.Stage(_logger, spaceId, "-", $"container {containerId[..Math.Min(12, containerId.Length)]} removed");
    }

    /// <summary>Whether a container (or a static Space's files) serves the Space now.</summary>
    private static bool IsServing(SpaceRuntime? runtime) =>
        runtime is not null && (runtime.RunningContainerId is not null ||
            (runtime.RunningRevision is not null && runtime.Stage is SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting));
}
