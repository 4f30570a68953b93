using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spaces.Core.Repositories;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;
using Spaces.Web.Live;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Live;

/// <summary>The host with a recording <see cref="ISpaceControl"/> and a scripted container stats source in place of the engine.</summary>
public sealed class LiveWebFactory : SpacesWebFactory
{
    internal RecordingSpaceControl Control { get; } = new();

    internal ScriptedStatsSource Stats { get; } = new();

    public SpaceNotifications Notifications => Services.GetRequiredService<SpaceNotifications>();

    public SpaceStageStore Stages => Services.GetRequiredService<SpaceStageStore>();

    /// <summary>Creates <paramref name="name"/> owned by <paramref name="client"/>'s user and returns its id.</summary>
    public async Task<long> CreateSpaceAsync(HttpClient client, string owner, string name, bool isPrivate = false)
    {
        await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await client.PostAsJsonAsync("/api/repos/create", new { name, type = "space", sdk = "docker", @private = isPrivate }));
        await using var scope = Services.CreateAsyncScope();
        var repo = await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, owner, name);
        return repo!.Id;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ISpaceControl>(Control);
            // The tests publish stages and log lines themselves: the real lifecycle must not react to their commits.
            foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SpaceLifecycleWorker)).ToList())
            {
                services.Remove(worker);
            }
            services.AddSingleton<IContainerStatsSource>(Stats);
            // Server errors reach the test's hub client with their message.
            services.Configure<HubOptions>(o => o.EnableDetailedErrors = true);
        });
    }
}

/// <summary>Records each control call as text, e.g. <c>restart ada/app factory=True</c>.</summary>
internal sealed class RecordingSpaceControl : ISpaceControl
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task RestartAsync(Repo space, bool factory, CancellationToken cancellationToken = default) => Record($"restart {space.FullName} factory={factory}");

    public Task PauseAsync(Repo space, CancellationToken cancellationToken = default) => Record($"pause {space.FullName}");

    public Task ResumeAsync(Repo space, CancellationToken cancellationToken = default) => Record($"resume {space.FullName}");

    public Task StopAsync(Repo space, CancellationToken cancellationToken = default) => Record($"stop {space.FullName}");

    public Task<bool> WakeAsync(Repo space, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"wake {space.FullName}");
        return Task.FromResult(true);
    }

    public Task SetHardwareAsync(Repo space, string flavor, int? sleepTimeSeconds, CancellationToken cancellationToken = default) =>
        Record($"hardware {space.FullName} {flavor} sleep={sleepTimeSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}");

    public Task SetSleepTimeAsync(Repo space, int seconds, CancellationToken cancellationToken = default) => Record($"sleeptime {space.FullName} {seconds}");

    public Task EnvironmentChangedAsync(Repo space, CancellationToken cancellationToken = default) => Record($"environment {space.FullName}");

    public Task DeleteResourcesAsync(long spaceId, CancellationToken cancellationToken = default) => Record($"delete {spaceId}");

    public void ReportActivity(long spaceId) => Calls.Enqueue($"activity {spaceId}");

    public ValueTask<SpaceEndpoint?> GetEndpointAsync(long spaceId, CancellationToken cancellationToken = default) => ValueTask.FromResult<SpaceEndpoint?>(null);

    private Task Record(string call)
    {
        Calls.Enqueue(call);
        return Task.CompletedTask;
    }
}

/// <summary>Stats of containers the test feeds sample by sample; records which containers are being streamed.</summary>
internal sealed class ScriptedStatsSource : IContainerStatsSource
{
    private readonly Channel<ContainerResourceSample> _samples = Channel.CreateUnbounded<ContainerResourceSample>();
    private int _streaming;

    /// <summary>Streams open now.</summary>
    public int Streaming => Volatile.Read(ref _streaming);

    /// <summary>Containers asked for, in order.</summary>
    public ConcurrentQueue<string> Requested { get; } = new();

    public void Emit(ContainerResourceSample sample) => _samples.Writer.TryWrite(sample);

    public async IAsyncEnumerable<ContainerResourceSample> StreamAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Requested.Enqueue(containerId);
        Interlocked.Increment(ref _streaming);
        try
        {
            await foreach (var sample in _samples.Reader.ReadAllAsync(cancellationToken))
            {
                yield return sample;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _streaming);
        }
    }
}

/// <summary>Polling for conditions that become true asynchronously.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}
