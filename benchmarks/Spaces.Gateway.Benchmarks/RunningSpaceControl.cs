using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Spaces.Core.Repositories;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Gateway.Benchmarks;

/// <summary>
/// The runtime seen from the gateway, for one Space that runs at the benchmark's upstream: an endpoint from memory and activity
/// noted in a dictionary, as <c>SpaceLifecycle</c> answers them for a running Space (no database or engine call on that path).
/// The lifecycle operations are not part of a proxied request.
/// </summary>
internal sealed class RunningSpaceControl(TimeProvider time) : ISpaceControl
{
    private readonly ConcurrentDictionary<long, SpaceEndpoint> _endpoints = new();
    private readonly ConcurrentDictionary<long, StrongBox<long>> _activity = new();

    public void Run(SpaceEndpoint endpoint) => _endpoints[endpoint.SpaceId] = endpoint;

    public void ReportActivity(long spaceId) =>
        Volatile.Write(ref _activity.GetOrAdd(spaceId, static _ => new StrongBox<long>()).Value, time.GetUtcNow().UtcTicks);

    public ValueTask<SpaceEndpoint?> GetEndpointAsync(long spaceId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_endpoints.GetValueOrDefault(spaceId));

    public bool TryGetKnownEndpoint(long spaceId, out SpaceEndpoint? endpoint)
    {
        endpoint = _endpoints.GetValueOrDefault(spaceId);
        return true;
    }

    public Task<bool> WakeAsync(Repo space, CancellationToken cancellationToken = default) => Task.FromResult(_endpoints.ContainsKey(space.Id));

    public Task RestartAsync(Repo space, bool factory, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task PauseAsync(Repo space, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ResumeAsync(Repo space, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task StopAsync(Repo space, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SetHardwareAsync(Repo space, string flavor, int? sleepTimeSeconds, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task SetSleepTimeAsync(Repo space, int seconds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task EnvironmentChangedAsync(Repo space, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteResourcesAsync(long spaceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
