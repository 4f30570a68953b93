using System.Collections.Concurrent;
using Spaces.Core.Repositories;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>An <see cref="ISpaceControl"/> whose Spaces run wherever the test says (a Kestrel app standing in for a container).</summary>
internal sealed class FakeSpaceControl : ISpaceControl
{
    public ConcurrentDictionary<long, SpaceEndpoint> Endpoints { get; } = new();

    public ConcurrentDictionary<long, int> Activity { get; } = new();

    /// <summary>Where each activity report and each endpoint lookup ran (<see cref="GatewayHostFixture.ThreadKind"/>), in order.</summary>
    public ConcurrentQueue<string> Threads { get; } = new();

    public void ReportActivity(long spaceId)
    {
        Threads.Enqueue($"activity on {GatewayHostFixture.ThreadKind()}");
        Activity.AddOrUpdate(spaceId, 1, (_, count) => count + 1);
    }

    public ValueTask<SpaceEndpoint?> GetEndpointAsync(long spaceId, CancellationToken cancellationToken = default)
    {
        Threads.Enqueue($"endpoint lookup on {GatewayHostFixture.ThreadKind()}");
        return ValueTask.FromResult(Endpoints.TryGetValue(spaceId, out var endpoint) ? endpoint : null);
    }

    public bool TryGetKnownEndpoint(long spaceId, out SpaceEndpoint? endpoint)
    {
        endpoint = Endpoints.TryGetValue(spaceId, out var known) ? known : null;
        return true;
    }

    public Task<bool> WakeAsync(Repo space, CancellationToken cancellationToken = default) => Task.FromResult(Endpoints.ContainsKey(space.Id));

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
