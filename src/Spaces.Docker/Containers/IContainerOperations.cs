using Spaces.Docker.Models;

namespace Spaces.Docker;

/// <summary>Containers: lifecycle, inspection, listing, logs and stats.</summary>
public interface IContainerOperations
{
    /// <summary>Creates a container (<c>POST /containers/create</c>). A refused GPU request throws <see cref="DockerGpuUnavailableException"/>.</summary>
    Task<CreateContainerResponse> CreateAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Starts a container; false when it was already running. A refused GPU request throws <see cref="DockerGpuUnavailableException"/>.</summary>
    Task<bool> StartAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stops a container (signal, then kill after <paramref name="timeout"/>; default: the container's own); false when it was not running.</summary>
    Task<bool> StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a signal (default SIGKILL); <see cref="DockerConflictException"/> when the container is not running.</summary>
    Task KillAsync(string id, string? signal = null, CancellationToken cancellationToken = default);

    /// <summary>Restarts a container.</summary>
    Task RestartAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for a condition (default: not running) and returns the exit code (<c>POST /containers/{id}/wait</c>).</summary>
    Task<ContainerWaitResponse> WaitAsync(
        string id, ContainerWaitCondition condition = ContainerWaitCondition.NotRunning, CancellationToken cancellationToken = default);

    /// <summary>Removes a container; <paramref name="force"/> kills it first, <paramref name="removeVolumes"/> removes its anonymous volumes.</summary>
    Task RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default);

    /// <summary>Inspects a container: state (exit code, OOMKilled, health), config, published ports.</summary>
    Task<ContainerInspectResponse> InspectAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists containers, e.g. by label (<c>GET /containers/json</c>); stopped ones included by default.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainersListParameters? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Removes stopped containers matching the filters (<c>POST /containers/prune</c>).</summary>
    Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a container's output as frames (<c>GET /containers/{id}/logs</c>), demultiplexed (or raw for a TTY).
    /// With <see cref="ContainerLogsParameters.Follow"/> it runs until the container stops or the token is cancelled.
    /// </summary>
    IAsyncEnumerable<LogFrame> GetLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Streams a container's output as lines, split per stream (lines spanning frames are joined).</summary>
    IAsyncEnumerable<LogLine> GetLogLinesAsync(string id, ContainerLogsParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>Streams resource samples about once a second until cancelled or the container stops (<c>GET /containers/{id}/stats</c>).</summary>
    IAsyncEnumerable<ContainerStatsResponse> GetStatsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One resource sample, with the previous CPU figures filled in so <see cref="ContainerStatsResponse.CpuPercent"/> is meaningful.</summary>
    Task<ContainerStatsResponse> GetStatsSnapshotAsync(string id, CancellationToken cancellationToken = default);
}
