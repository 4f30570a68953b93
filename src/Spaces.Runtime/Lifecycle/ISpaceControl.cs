using Spaces.Core.Repositories;

namespace Spaces.Runtime.Lifecycle;

/// <summary>Where the gateway reaches a running Space: its container's app port published on 127.0.0.1.</summary>
public sealed record SpaceEndpoint(long SpaceId, string Revision, int HostPort);

/// <summary>
/// What the API, the UI and the gateway may ask of a Space's runtime. Callers check permissions first (write access; resuming a
/// paused Space needs write access to it); implementations serialise operations per Space and report progress as stage changes.
/// </summary>
public interface ISpaceControl
{
    /// <summary>Restarts the running revision; with <paramref name="factory"/>, rebuilds the head without cache first.</summary>
    Task RestartAsync(Repo space, bool factory, CancellationToken cancellationToken = default);

    /// <summary>Stops the Space until its owner resumes it (PAUSED); requests do not wake it.</summary>
    Task PauseAsync(Repo space, CancellationToken cancellationToken = default);

    /// <summary>Starts a paused or stopped Space again.</summary>
    Task ResumeAsync(Repo space, CancellationToken cancellationToken = default);

    /// <summary>Stops the Space (STOPPED).</summary>
    Task StopAsync(Repo space, CancellationToken cancellationToken = default);

    /// <summary>Wakes a sleeping Space and completes when it answers (true), or false when it cannot run (paused, error, timeout).</summary>
    Task<bool> WakeAsync(Repo space, CancellationToken cancellationToken = default);

    /// <summary>Changes the hardware flavor (and optionally the sleep time) and restarts on it.</summary>
    Task SetHardwareAsync(Repo space, string flavor, int? sleepTimeSeconds, CancellationToken cancellationToken = default);

    /// <summary>Changes the sleep time (seconds; -1 never).</summary>
    Task SetSleepTimeAsync(Repo space, int seconds, CancellationToken cancellationToken = default);

    /// <summary>Restarts because variables or secrets changed (a running Space picks them up).</summary>
    Task EnvironmentChangedAsync(Repo space, CancellationToken cancellationToken = default);

    /// <summary>Removes everything the Space has in the engine: containers, images, network, data volume (DELETING).</summary>
    Task DeleteResourcesAsync(long spaceId, CancellationToken cancellationToken = default);

    /// <summary>A request reached the Space (the sleep timer starts again).</summary>
    void ReportActivity(long spaceId);

    /// <summary>Where the Space's traffic goes, or null when nothing serves it (from memory once known: the gateway asks per request).</summary>
    ValueTask<SpaceEndpoint?> GetEndpointAsync(long spaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the Space's traffic goes when that is known in memory, without any I/O (the gateway serves such requests on the socket
    /// engine's threads); false when only <see cref="GetEndpointAsync"/> can tell. <paramref name="endpoint"/> is null when known to be
    /// served by nothing.
    /// </summary>
    bool TryGetKnownEndpoint(long spaceId, out SpaceEndpoint? endpoint)
    {
        endpoint = null;
        return false;
    }
}
