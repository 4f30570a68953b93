using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Lifecycle;

/// <summary>What one reconciliation found and did.</summary>
/// <param name="Adopted">Running containers taken over (watched, endpoint known) without being recreated.</param>
/// <param name="Restarted">Spaces that should run but whose container was gone or stopped, started again.</param>
/// <param name="Removed">Containers removed: of deleted Spaces, of interrupted starts, or stopped ones nobody wants.</param>
/// <param name="Resumed">Deployments interrupted by a platform restart (building or starting) begun again.</param>
public sealed record ReconcileReport(int Adopted, int Restarted, int Removed, int Resumed);

// Reconciliation: the database says what should run, the engine what does; this platform's containers are matched to Spaces by label.
public sealed partial class SpaceLifecycle
{
    private static readonly SpaceStage[] DeployingStages =
        [SpaceStage.Building, SpaceStage.AppStarting, SpaceStage.RunningBuilding, SpaceStage.RunningAppStarting];

    /// <summary>
    /// Converges the engine to the database: adopts the serving containers that run (no duplicate is created), restarts Spaces that
    /// should run but do not, resumes deployments a restart interrupted, and removes this platform's containers that belong to no
    /// Space or are not the serving one (no orphan is left). Other platforms' containers (other instance labels) are never touched.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var containers = await _docker.Containers.ListAsync(new ContainersListParameters
        {
            All = true,
            Filters = DockerFilters.ByLabel(SpaceResources.ManagedLabel, "true")
                .Label(SpaceResources.InstanceLabel, _names.Instance)
                .Label(SpaceResources.RoleLabel, "app"),
        }, cancellationToken);

        Dictionary<long, SpaceRuntime> runtimes;
        Dictionary<long, string?> heads;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            heads = await db.Repos.AsNoTracking().Where(r => r.Type == RepoType.Space).ToDictionaryAsync(r => r.Id, r => r.HeadCommit, cancellationToken);
            runtimes = await db.SpaceRuntimes.AsNoTracking().ToDictionaryAsync(r => r.RepoId, cancellationToken);
        }

        int adopted = 0, restarted = 0, removed = 0, resumed = 0;
        foreach (var container in containers)
        {
            var spaceId = SpaceIdOf(container);
            var runtime = spaceId is { } id ? runtimes.GetValueOrDefault(id) : null;
            var isServing = spaceId is not null && heads.ContainsKey(spaceId.Value) && runtime?.RunningContainerId == container.Id;
            if (!isServing)
            {
                // A deleted Space's container, an interrupted start, or an old revision: nothing sends traffic to it.
                if (spaceId is { } sid && _slots.TryGetValue(sid, out var slot) && slot.Gate.CurrentCount == 0)
                {
                    continue; // An operation on this Space is under way (it may be this very container starting).
                }

                await RemoveQuietlyAsync(container.Id, cancellationToken);
                removed++;
                continue;
            }

            var running = string.Equals(container.State, "running", StringComparison.OrdinalIgnoreCase);
            if (running && runtime!.DesiredState == SpaceDesiredState.Running)
            {
                if (Adopt(runtime, container))
                {
                    adopted++;
                }

                continue;
            }

            if (await ReplaceStoppedAsync(runtime!.RepoId, container.Id, cancellationToken) is { } replaced)
            {
                removed++;
                restarted += replaced ? 1 : 0;
            }
        }

        var listed = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var runtime in runtimes.Values.Where(r =>
            heads.ContainsKey(r.RepoId) && r.DesiredState == SpaceDesiredState.Running && r.Stage != SpaceStage.Deleting))
        {
            if (_slots.TryGetValue(runtime.RepoId, out var slot) && slot.Gate.CurrentCount == 0)
            {
                continue;
            }

            if (runtime.RunningContainerId is { } gone && !listed.Contains(gone) && runtime.RunningRevision is { } revision)
            {
                // The serving container vanished while nobody watched (engine restarted or it was removed by hand).
                await _stages.TransitionAsync(runtime.RepoId, SpaceStage.RuntimeError, "The app's container was gone",
                    "The app's container disappeared (the engine restarted or it was removed outside the platform); starting it again.",
                    revision, r =>
                    {
                        r.RunningContainerId = null;
                        r.HostPort = null;
                    }, cancellationToken);
                SetEndpoint(runtime.RepoId, null);
                _ = Deploy(runtime.RepoId, revision, noCache: false, reuseImage: true, resetCrashes: false);
                restarted++;
            }
            else if (NeedsResuming(runtime) && await ResumeIfStillNeededAsync(runtime.RepoId, heads[runtime.RepoId], cancellationToken))
            {
                resumed++;
            }
        }

        await RemoveOrphanedResourcesAsync(heads.Keys.ToHashSet(), cancellationToken);
        return new ReconcileReport(adopted, restarted, removed, resumed);
    }

    /// <summary>
    /// Removes a stopped serving container nobody watches and starts its Space again when it should run (true), or only forgets it
    /// (false); null when, looked at again under the Space's gate, it is no longer the serving container or a watcher handles it.
    /// </summary>
    private async Task<bool?> ReplaceStoppedAsync(long spaceId, string containerId, CancellationToken cancellationToken)
    {
        var gate = Slot(spaceId).Gate;
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return null; // An operation on this Space is under way: the next pass looks again.
        }

        try
        {
            var runtime = await _stages.GetAsync(spaceId, cancellationToken);
            if (runtime?.RunningContainerId != containerId || _watches.ContainsKey(containerId))
            {
                return null; // Its crash watcher reports the exit itself, or an operation replaced it meanwhile.
            }

            await RemoveQuietlyAsync(containerId, cancellationToken);
            SetEndpoint(spaceId, null);
            if (runtime.DesiredState == SpaceDesiredState.Running && runtime.RunningRevision is { } revision)
            {
                await _stages.TransitionAsync(spaceId, SpaceStage.RuntimeError, "The app's container had stopped",
                    "The app's container stopped while the platform was not watching (e.g. the engine restarted); starting it again.",
                    revision, r =>
                    {
                        r.RunningContainerId = null;
                        r.HostPort = null;
                    }, cancellationToken);
                _ = Deploy(spaceId, revision, noCache: false, reuseImage: true, resetCrashes: false);
                return true;
            }

            await _stages.UpdateAsync(spaceId, r =>
            {
                r.RunningContainerId = null;
                r.HostPort = null;
            }, cancellationToken);
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    // Building or starting with no build under way, or waiting for the engine, with no build of this platform waiting for it: the
    // platform stopped meanwhile, or the deployment waited for the engine.
    private bool NeedsResuming(SpaceRuntime runtime) =>
        (DeployingStages.Contains(runtime.Stage) || IsWaitingForEngine(runtime)) && _builds.Current(runtime.RepoId) is null
        && !_buildsWaitingForEngine.ContainsKey(runtime.RepoId);

    // Begins that deployment again, when the Space's runtime read again under its gate still needs it: the pass read every runtime at
    // its start, and a deployment that waited for the engine may have finished since (resuming it then would deploy the Space twice).
    private async Task<bool> ResumeIfStillNeededAsync(long spaceId, string? head, CancellationToken cancellationToken)
    {
        using (await Slot(spaceId).EnterAsync(cancellationToken))
        {
            if (await _stages.GetAsync(spaceId, cancellationToken) is not { } runtime || !NeedsResuming(runtime)
                || (runtime.PendingRevision ?? head) is not { } pending)
            {
                return false;
            }

            _ = Deploy(spaceId, pending, noCache: false, reuseImage: true, resetCrashes: false);
            return true;
        }
    }

    // A deployment that found no engine keeps its revision pending (RecordEngineUnreachableAsync); failed starts clear it.
    private static bool IsWaitingForEngine(SpaceRuntime runtime) =>
        runtime is { Stage: SpaceStage.RuntimeError, RunningContainerId: null, PendingRevision: not null };

    // Takes over a running serving container: its endpoint, GPUs, crash watch and run log. False when it was already ours.
    private bool Adopt(SpaceRuntime runtime, ContainerSummary container)
    {
        if (_watches.ContainsKey(container.Id))
        {
            return false;
        }

        var labels = container.Labels ?? [];
        var flavorName = labels.GetValueOrDefault(SpaceResources.HardwareLabel) ?? runtime.Hardware ?? _options.DefaultHardware;
        var flavor = _options.Flavors.LastOrDefault(f => f.Name == flavorName) ?? _options.Flavors.First(f => f.Name == _options.DefaultHardware);
        if (labels.GetValueOrDefault(SpaceResources.GpusLabel) is { Length: > 0 } gpus)
        {
            _gpus.Restore(runtime.RepoId, gpus.Split(','));
        }

        if (runtime is { HostPort: { } port, RunningRevision: { } revision })
        {
            SetEndpoint(runtime.RepoId, new SpaceEndpoint(runtime.RepoId, revision, port));
        }

        Watch(runtime.RepoId, container.Id, flavor);
        _logs.Follow(runtime.RepoId, container.Id);
        return true;
    }

    /// <summary>
    /// Removes the images, networks and data volumes (and any container left) of this platform's Spaces that no longer exist: a Space
    /// deleted while the engine was away, or while the platform was down. Only resources carrying this platform's labels are looked at.
    /// </summary>
    private async Task RemoveOrphanedResourcesAsync(IReadOnlySet<long> spaces, CancellationToken cancellationToken)
    {
        var mine = DockerFilters.ByLabel(SpaceResources.ManagedLabel, "true").Label(SpaceResources.InstanceLabel, _names.Instance);
        var images = await _docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = mine }, cancellationToken);
        var networks = await _docker.Networks.ListAsync(mine, cancellationToken);
        var volumes = await _docker.Volumes.ListAsync(mine, cancellationToken);
        var orphans = images.Select(i => SpaceIdOf(i.Labels))
            .Concat(networks.Select(n => SpaceIdOf(n.Labels)))
            .Concat(volumes.Select(v => SpaceIdOf(v.Labels)))
            .OfType<long>()
            .Where(id => !spaces.Contains(id))
            .ToHashSet();
        if (orphans.Count == 0)
        {
            return;
        }

        // Read again: a Space created after this pass read the Space list is not an orphan.
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            var existing = await db.Repos.AsNoTracking().Where(r => orphans.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);
            orphans.ExceptWith(existing);
        }

        foreach (var id in orphans)
        {
            // The images never beside a build (it may reuse their cached layers): now when none runs, else once none does.
            await RemoveEngineResourcesAsync(id, cancellationToken);
        }
    }

    private async Task RemoveQuietlyAsync(string containerId, CancellationToken cancellationToken)
    {
        Unwatch(containerId);
        await IgnoreMissingAsync(() => _docker.Containers.RemoveAsync(containerId, force: true, cancellationToken: cancellationToken));
    }

    private static async Task IgnoreMissingAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (Exception ex) when (ex is DockerNotFoundException or DockerConflictException)
        {
            // Already gone, or still in use (it goes with its Space).
        }
    }

    private static long? SpaceIdOf(ContainerSummary container) => SpaceIdOf(container.Labels);

    private static long? SpaceIdOf(IReadOnlyDictionary<string, string>? labels) =>
        labels?.GetValueOrDefault(SpaceResources.SpaceIdLabel) is { } value
        && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
