using Spaces.Docker.Models;

namespace Spaces.Docker;

/// <summary>Named volumes: create, inspect, list, remove, prune.</summary>
public interface IVolumeOperations
{
    /// <summary>Creates a volume (<c>POST /volumes/create</c>); creating an existing name returns the existing volume.</summary>
    Task<VolumeResponse> CreateAsync(VolumeCreateParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Inspects a volume by name.</summary>
    Task<VolumeResponse> InspectAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists volumes, e.g. by label.</summary>
    Task<IReadOnlyList<VolumeResponse>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a volume; <see cref="DockerConflictException"/> while a container uses it (unless forced).</summary>
    Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Removes unused volumes matching the filters.</summary>
    Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);
}
