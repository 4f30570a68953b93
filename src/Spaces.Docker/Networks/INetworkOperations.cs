using Spaces.Docker.Models;

namespace Spaces.Docker;

/// <summary>Networks: create (with bridge driver options), inspect, list, connect, disconnect, remove, prune.</summary>
public interface INetworkOperations
{
    /// <summary>Creates a network (<c>POST /networks/create</c>); <see cref="DockerConflictException"/> when the name is taken.</summary>
    Task<NetworkCreateResponse> CreateAsync(NetworkCreateParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Inspects a network by name or id.</summary>
    Task<NetworkResponse> InspectAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists networks, e.g. by label.</summary>
    Task<IReadOnlyList<NetworkResponse>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>Connects a container to a network.</summary>
    Task ConnectAsync(string id, NetworkConnectParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Disconnects a container from a network.</summary>
    Task DisconnectAsync(string id, NetworkDisconnectParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Removes a network; <see cref="DockerConflictException"/> or <see cref="DockerServerException"/> while containers use it.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes unused networks matching the filters.</summary>
    Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);
}
