using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Runs;

/// <summary>
/// A Space's network and data volume in the engine, and the removal of everything labelled with its id
/// (containers, images, network, volume) when the Space is deleted.
/// </summary>
public sealed partial class SpaceEngineResources(
    IDockerClient docker, SpaceResources names, IOptions<RuntimeOptions> options, ILogger<SpaceEngineResources> logger)
{
    /// <summary>
    /// Creates the Space's bridge network unless it exists as configured: no masquerade (no egress) unless
    /// <see cref="RuntimeOptions.AllowsEgress"/> says so for this Space, no inter-container traffic. Not <c>Internal</c>: an internal
    /// network cannot publish the app port. A network made under another egress setting is replaced when nothing uses it.
    /// </summary>
    public async Task EnsureNetworkAsync(Repo space, CancellationToken cancellationToken)
    {
        var name = names.NetworkName(space.Id);
        var masquerade = options.Value.AllowsEgress(space.FullName) ? "true" : "false";
        NetworkResponse? existing = null;
        if (await ExistsAsync(async () => existing = await docker.Networks.InspectAsync(name, cancellationToken)))
        {
            if (existing?.Options?.GetValueOrDefault(BridgeOptions.EnableIpMasquerade) == masquerade)
            {
                return;
            }

            try
            {
                await docker.Networks.RemoveAsync(name, cancellationToken);
            }
            catch (DockerConflictException)
            {
                return; // A container still uses it: the new setting applies once the Space restarts on a fresh network.
            }
        }

        try
        {
            await docker.Networks.CreateAsync(new NetworkCreateParameters
            {
                Name = name,
                Labels = names.Labels(space, "network"),
                Options = new()
                {
                    [BridgeOptions.EnableIpMasquerade] = masquerade,
                    [BridgeOptions.EnableIcc] = "false",
                },
            }, cancellationToken);
        }
        catch (DockerConflictException)
        {
            // Created meanwhile by another start of this Space.
        }
    }

    /// <summary>
    /// Creates the Space's persistent volume unless it exists, owned by uid 1000 (a fresh volume is root's, and Spaces never run as root):
    /// a one-off container of the base image, without network, changes the owner once.
    /// </summary>
    public async Task<string> EnsureDataVolumeAsync(Repo space, CancellationToken cancellationToken)
    {
        var name = names.DataVolumeName(space.Id);
        if (await ExistsAsync(() => docker.Volumes.InspectAsync(name, cancellationToken)))
        {
            return name;
        }

        await docker.Volumes.CreateAsync(new VolumeCreateParameters { Name = name, Labels = names.Labels(space, "data") }, cancellationToken);
        var created = await docker.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = options.Value.BaseImage,
            Cmd = ["chown", "1000:1000", SpaceContainerSpec.DataPath],
            Labels = names.Labels(space, "data-init"),
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                CapDrop = ["ALL"],
                CapAdd = ["CHOWN"],
                SecurityOpt = ["no-new-privileges"],
                Mounts = [new Mount { Type = "volume", Source = name, Target = SpaceContainerSpec.DataPath }],
            },
        }, cancellationToken);
        try
        {
            await docker.Containers.StartAsync(created.ID, cancellationToken);
            var exit = await docker.Containers.WaitAsync(created.ID, cancellationToken: cancellationToken);
            if (exit.StatusCode != 0)
            {
                throw new SpaceRunException($"Could not prepare the persistent /data volume (chown exited with {exit.StatusCode}).");
            }
        }
        finally
        {
            await IgnoreMissingAsync(() => docker.Containers.RemoveAsync(created.ID, force: true, cancellationToken: CancellationToken.None));
        }

        return name;
    }

    /// <summary>Removes every container, image, network and volume labelled with the Space's id. Returns how many were removed.</summary>
    public async Task<int> RemoveAllAsync(long spaceId, CancellationToken cancellationToken) =>
        await RemoveRunningAsync(spaceId, cancellationToken) + await RemoveImagesAsync(spaceId, cancellationToken);

    /// <summary>
    /// Removes the Space's containers, networks and volumes: everything but its images, which may share cached layers with a build under
    /// way (<see cref="Builds.ImageBuildGuard"/>). Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveRunningAsync(long spaceId, CancellationToken cancellationToken)
    {
        var filter = SpaceFilter(spaceId);
        var removed = 0;
        foreach (var container in await docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken))
        {
            removed += await IgnoreMissingAsync(() => docker.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, cancellationToken));
        }

        foreach (var network in await docker.Networks.ListAsync(filter, cancellationToken))
        {
            removed += await IgnoreMissingAsync(() => docker.Networks.RemoveAsync(network.Id, cancellationToken));
        }

        foreach (var volume in await docker.Volumes.ListAsync(filter, cancellationToken))
        {
            removed += await IgnoreMissingAsync(() => docker.Volumes.RemoveAsync(volume.Name, force: true, cancellationToken));
        }

        Log.Removed(logger, spaceId, removed);
        return removed;
    }

    /// <summary>
    /// Removes the Space's images (call it under <see cref="Builds.ImageBuildGuard.EnterRemovalAsync"/>: removing a tagged image removes
    /// its untagged parents, which a build may be reusing). Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveImagesAsync(long spaceId, CancellationToken cancellationToken)
    {
        var filter = SpaceFilter(spaceId);
        var removed = 0;
        // Tagged images first (that removes their untagged parents), then whatever is left; a parent with a child answers Conflict.
        for (var round = 0; round < 3; round++)
        {
            var byReference = DockerFilters.ByLabel(SpaceResources.ManagedLabel, "true").Add("reference", names.ImageRepository(spaceId));
            var images = (await docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter }, cancellationToken))
                .Concat(await docker.Images.ListAsync(new ImagesListParameters { Filters = byReference }, cancellationToken))
                .DistinctBy(i => i.Id)
                .ToList();
            if (images.Count == 0)
            {
                break;
            }

            foreach (var image in images.OrderByDescending(i => i.RepoTags is { Count: > 0 } tags && tags[0] != "<none>:<none>"))
            {
                removed += await IgnoreMissingAsync(() => docker.Images.RemoveAsync(image.Id, force: true, cancellationToken: cancellationToken));
            }
        }

        Log.Removed(logger, spaceId, removed);
        return removed;
    }

    private DockerFilters SpaceFilter(long spaceId) =>
        DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, spaceId.ToString(CultureInfo.InvariantCulture)).Label(SpaceResources.InstanceLabel, names.Instance);

    private static async Task<bool> ExistsAsync(Func<Task> inspect)
    {
        try
        {
            await inspect();
            return true;
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }

    private static async Task<int> IgnoreMissingAsync(Func<Task> remove)
    {
        try
        {
            await remove();
            return 1;
        }
        catch (DockerNotFoundException)
        {
            return 0;
        }
        catch (DockerConflictException)
        {
            // Still in use or a parent image: the next round (or the reconciler) takes it.
            return 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Removed {Count} engine resources of Space {SpaceId}")]
        public static partial void Removed(ILogger logger, long spaceId, int count);
    }
}
