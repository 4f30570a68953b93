using Spaces.Docker.Models;

namespace Spaces.Docker;

/// <summary>The engine itself: liveness, version, host facts and the event stream.</summary>
public interface ISystemOperations
{
    /// <summary>
    /// Checks that the engine answers (<c>GET /_ping</c>) on a new connection, so an engine that is stopping (its listener closed, its
    /// open connections still served) counts as gone; throws <see cref="DockerUnreachableException"/> when it cannot be reached.
    /// </summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>The engine's version and API version (<c>GET /version</c>).</summary>
    Task<VersionResponse> VersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Host facts: CPUs, memory, runtimes (NVIDIA or not), swarm state (<c>GET /info</c>).</summary>
    Task<SystemInfo> InfoAsync(CancellationToken cancellationToken = default);

    /// <summary>The API version this client speaks with the engine, negotiated on first use (e.g. <c>1.41</c>).</summary>
    Task<string> GetApiVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams engine events matching the filters until cancelled (<c>GET /events</c>).</summary>
    IAsyncEnumerable<DockerEvent> EventsAsync(DockerFilters? filters, CancellationToken cancellationToken = default);

    /// <summary>Streams engine events with time bounds; ends at <see cref="EventsParameters.Until"/> or when cancelled.</summary>
    IAsyncEnumerable<DockerEvent> EventsAsync(EventsParameters parameters, CancellationToken cancellationToken = default);
}
