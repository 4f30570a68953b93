using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Config;
using Spaces.Core.Configuration;
using Spaces.Core.SpaceSettings;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Hardware;

namespace Spaces.Runtime.Runs;

/// <summary>
/// Starts one revision of a Space as a hardened container (network, data volume, models, GPUs, environment), follows its logs,
/// and probes it over HTTP until it answers; stops and removes containers. Knows nothing of stages: the lifecycle decides those.
/// </summary>
public sealed partial class SpaceRunner(
    IDockerClient docker,
    SpaceEngineResources resources,
    SpaceResources names,
    ModelExports models,
    GpuLedger gpus,
    RunLogFollower logs,
    IServiceScopeFactory scopes,
    IOptions<RuntimeOptions> options,
    IOptions<SpacesOptions> spaces,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<SpaceRunner> logger) : IDisposable
{
    /// <summary>The shortest startup timeout honoured, whatever the config says.</summary>
    public static readonly TimeSpan MinimumStartupTimeout = TimeSpan.FromSeconds(5);

    private readonly HealthProbe _probe = new();
    private readonly ConcurrentDictionary<long, int> _attempts = new();
    private int _hostCpus;

    /// <summary>
    /// Creates and starts the container and returns once it answers HTTP on its app port; throws <see cref="SpaceRunException"/>
    /// (container removed) when it exits, does not answer within <c>startup_duration_timeout</c>, or cannot be created.
    /// </summary>
    public async Task<SpaceContainer> StartAsync(SpaceRunRequest request, CancellationToken cancellationToken)
    {
        var space = request.Space;
        var started = time.GetTimestamp();
        var hostCpus = await HostCpusAsync(cancellationToken);
        IReadOnlyDictionary<string, string> settings;
        await using (var scope = scopes.CreateAsyncScope())
        {
            settings = await scope.ServiceProvider.GetRequiredService<SpaceEnvironmentService>().ResolveForRuntimeAsync(space.Id, cancellationToken);
        }

        var spaceHost = SpaceHostNames.Host(space, spaces.Value.AppsDomain, configuration["urls"] ?? SpacesEnvironment.DefaultUrls);
        var environment = SpaceEnvironmentVariables.Build(space, request.Config, request.Flavor, hostCpus, spaceHost, settings);
        await resources.EnsureNetworkAsync(space, cancellationToken);
        var dataVolume = WantsPersistentStorage(request.Config) ? await resources.EnsureDataVolumeAsync(space, cancellationToken) : null;
        var modelMounts = await models.PrepareAsync(space, request.Config.Models, cancellationToken);
        var gpuIds = AssignGpus(space.Id, request.Flavor);

        var containerId = await CreateAsync(request, hostCpus, environment, modelMounts, dataVolume, gpuIds, cancellationToken);
        try
        {
            await StartContainerAsync(containerId, request.Flavor, cancellationToken);
            logs.Follow(space.Id, containerId);
            var inspected = await docker.Containers.InspectAsync(containerId, cancellationToken);
            var port = $"{request.Config.AppPort}/tcp";
            if (inspected.State?.Running != true)
            {
                // Exited already: an exited container has no published port either.
                throw new SpaceRunException((await DescribeExitAsync(containerId, request.Flavor.MemoryMiB, CancellationToken.None)).Message);
            }

            var hostPort = inspected.GetPublishedPort(port)
                ?? throw new SpaceRunException($"The engine did not publish the app port {port} of the container.");
            await WaitHealthyAsync(request, containerId, hostPort, cancellationToken);
            Log.Healthy(logger, space.Id, request.Revision, containerId, hostPort, time.GetElapsedTime(started).TotalMilliseconds);
            return new SpaceContainer(space.Id, containerId, inspected.Name?.TrimStart('/') ?? containerId, request.Revision, hostPort,
                request.Flavor.Name, gpuIds);
        }
        catch
        {
            await RemoveAsync(containerId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Stops (10 s grace) and removes a container; a container already gone is fine.</summary>
    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StopAsync(containerId, TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (DockerException ex) when (ex is DockerNotFoundException or DockerConflictException)
        {
            // Gone or already stopping.
        }

        await logs.StopAsync(containerId);
        try
        {
            await docker.Containers.RemoveAsync(containerId, force: true, cancellationToken: cancellationToken);
        }
        catch (DockerException ex) when (ex is DockerNotFoundException or DockerConflictException)
        {
            // Gone, or removal already in progress.
        }
    }

    /// <summary>Why a container ended (its exit code or the memory limit, and its last log lines) and how long it ran.</summary>
    public async Task<ContainerExit> DescribeExitAsync(string containerId, long memoryMiB, CancellationToken cancellationToken)
    {
        var inspected = await docker.Containers.InspectAsync(containerId, cancellationToken);
        var state = inspected.State;
        var ran = state is { StartedAt.Year: > 1, FinishedAt.Year: > 1 } && state.FinishedAt > state.StartedAt
            ? state.FinishedAt - state.StartedAt
            : TimeSpan.Zero;
        return new ContainerExit(
            ExitReport.Describe(state, memoryMiB, await TailAsync(containerId, cancellationToken)), state?.ExitCode ?? -1, state?.OOMKilled == true, ran);
    }

    /// <summary>Whether a config turns on the persistent <c>/data</c> volume (<c>persistent_storage: true</c> or a tier name such as <c>small</c>).</summary>
    public static bool WantsPersistentStorage(SpaceConfig config) =>
        config.Extra.TryGetValue("persistent_storage", out var value) && value switch
        {
            bool on => on,
            string tier => tier.Length > 0 && !tier.Equals("false", StringComparison.OrdinalIgnoreCase) && !tier.Equals("none", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <inheritdoc />
    public void Dispose() => _probe.Dispose();

    private async Task<int> HostCpusAsync(CancellationToken cancellationToken)
    {
        if (_hostCpus == 0)
        {
            _hostCpus = Math.Max(1, (await docker.System.InfoAsync(cancellationToken)).NCPU);
        }

        return _hostCpus;
    }

    private IReadOnlyList<string> AssignGpus(long spaceId, HardwareFlavor flavor)
    {
        if (flavor.Gpus <= 0 || gpus.Devices.Count == 0)
        {
            return [];
        }

        try
        {
            return gpus.Assign(spaceId, flavor.Gpus);
        }
        catch (GpuUnavailableException ex)
        {
            throw new SpaceRunException(ex.Message, ex);
        }
    }

    private async Task<string> CreateAsync(
        SpaceRunRequest request,
        int hostCpus,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<ModelMount> modelMounts,
        string? dataVolume,
        IReadOnlyList<string> gpuIds,
        CancellationToken cancellationToken)
    {
        for (var tries = 0; ; tries++)
        {
            var attempt = _attempts.AddOrUpdate(request.Space.Id, 1, (_, n) => n + 1);
            var name = names.ContainerName(request.Space.Id, request.Revision, attempt);
            var parameters = SpaceContainerSpec.Create(request, names, name, options.Value, hostCpus, environment, modelMounts, dataVolume, gpuIds);
            try
            {
                return (await docker.Containers.CreateAsync(parameters, cancellationToken)).ID;
            }
            catch (DockerConflictException) when (tries < 50)
            {
                // The name is taken (by a container from before a platform restart): try the next attempt number.
            }
            catch (DockerGpuUnavailableException ex)
            {
                throw NoGpuRuntime(request.Flavor, ex);
            }
            catch (DockerNotFoundException ex)
            {
                throw new SpaceRunException($"The image of revision {request.Revision} is missing ({ex.EngineMessage}); restart with a rebuild.", ex);
            }
        }
    }

    private async Task StartContainerAsync(string containerId, HardwareFlavor flavor, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StartAsync(containerId, cancellationToken);
        }
        catch (DockerGpuUnavailableException ex)
        {
            throw NoGpuRuntime(flavor, ex);
        }
        catch (DockerServerException ex)
        {
            throw new SpaceRunException($"The engine could not start the container: {ex.EngineMessage}", ex);
        }
    }

    private async Task WaitHealthyAsync(SpaceRunRequest request, string containerId, int hostPort, CancellationToken cancellationToken)
    {
        var timeout = request.Config.StartupDurationTimeout < MinimumStartupTimeout ? MinimumStartupTimeout : request.Config.StartupDurationTimeout;
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exited = docker.Containers.WaitAsync(containerId, ContainerWaitCondition.NotRunning, stopWaiting.Token);
        try
        {
            var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
            var delay = TimeSpan.FromMilliseconds(20);
            while (true)
            {
                if (exited.IsCompleted)
                {
                    throw new SpaceRunException((await DescribeExitAsync(containerId, request.Flavor.MemoryMiB, CancellationToken.None)).Message);
                }

                if (await _probe.AnswersAsync(hostPort, cancellationToken))
                {
                    return;
                }

                if (time.GetTimestamp() > deadline)
                {
                    throw new SpaceRunException(ExitReport.Timeout(request.Config.AppPort, timeout, await TailAsync(containerId, CancellationToken.None)));
                }

                await Task.WhenAny(exited, Task.Delay(delay, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 1.5));
            }
        }
        finally
        {
            await stopWaiting.CancelAsync();
            try
            {
                await exited;
            }
            catch (Exception ex) when (ex is OperationCanceledException or DockerException or HttpRequestException or IOException)
            {
                // Only its completion mattered.
            }
        }
    }

    private async Task<IReadOnlyList<string>> TailAsync(string containerId, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            var parameters = new ContainerLogsParameters { Tail = ExitReport.TailLines, Tty = false };
            await foreach (var line in docker.Containers.GetLogLinesAsync(containerId, parameters, cancellationToken))
            {
                lines.Add(line.Text);
            }
        }
        catch (DockerNotFoundException)
        {
            // Removed already: no lines to quote.
        }

        return lines;
    }

    private static SpaceRunException NoGpuRuntime(HardwareFlavor flavor, DockerGpuUnavailableException ex) => new(
        $"This host has no NVIDIA GPU runtime: the Docker engine refused the GPU request ({ex.EngineMessage}). " +
        $"The hardware flavor {flavor.Name} needs {flavor.Gpus} GPU(s); choose a CPU flavor such as cpu-basic.", ex);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4120, Level = LogLevel.Information,
            Message = "Space {SpaceId} revision {Revision} answers in container {ContainerId} on 127.0.0.1:{HostPort} after {ElapsedMs:0} ms")]
        public static partial void Healthy(ILogger logger, long spaceId, string revision, string containerId, int hostPort, double elapsedMs);
    }
}
