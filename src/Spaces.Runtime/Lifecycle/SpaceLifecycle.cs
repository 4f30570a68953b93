using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Runs;
using Spaces.Runtime.Stages;

namespace Spaces.Runtime.Lifecycle;

/// <summary>
/// Runs Spaces: a commit becomes a build, then a container started beside the serving one and switched to once healthy (zero
/// downtime); crashes restart with backoff up to a bound; controls pause, stop, resume, restart, wake and delete. Operations on one
/// Space are serialised (a gate per Space), and a newer operation cancels the long wait of an older one. Stages are stored and
/// published through <see cref="SpaceStageStore"/>.
/// </summary>
/// <remarks>
/// A failed update (config, build or start of a new revision) leaves the serving container serving: the stage shows the error,
/// <see cref="SpaceRuntime.RunningRevision"/> and the endpoint stay those of the old revision, so visitors keep a working app.
/// </remarks>
public sealed partial class SpaceLifecycle : ISpaceControl, IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly BuildQueue _builds;
    private readonly ImageBuildGuard _imageGuard;
    private readonly SpaceRunner _runner;
    private readonly SpaceEngineResources _resources;
    private readonly SpaceResources _names;
    private readonly RunLogFollower _logs;
    private readonly SpaceConfigLoader _configs;
    private readonly SpaceStageStore _stages;
    private readonly SpaceNotifications _notifications;
    private readonly GpuLedger _gpus;
    private readonly IDockerClient _docker;
    private readonly EngineProbe _engine;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SpaceLifecycle> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, SpaceSlot> _slots = new();
    private readonly ConcurrentDictionary<long, SpaceEndpoint?> _endpoints = new();
    // UTC ticks of each Space's last request, updated in place: the gateway reports every request, on several threads at once.
    private readonly ConcurrentDictionary<long, StrongBox<long>> _activity = new();
    private readonly ConcurrentDictionary<long, DateTime> _activityFlushed = new();
    private readonly Dictionary<long, Task<bool>> _wakes = [];
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    // Spaces whose images wait for the builds under way to end before they are removed.
    private readonly ConcurrentDictionary<long, byte> _imageRemovals = new();

    /// <summary>Creates the lifecycle; one per process.</summary>
    public SpaceLifecycle(
        IServiceScopeFactory scopes,
        BuildQueue builds,
        ImageBuildGuard imageGuard,
        SpaceRunner runner,
        SpaceEngineResources resources,
        SpaceResources names,
        RunLogFollower logs,
        SpaceConfigLoader configs,
        SpaceStageStore stages,
        SpaceNotifications notifications,
        GpuLedger gpus,
        IDockerClient docker,
        EngineProbe engine,
        IOptions<RuntimeOptions> options,
        TimeProvider time,
        ILogger<SpaceLifecycle> logger)
    {
        _scopes = scopes;
        _builds = builds;
        _imageGuard = imageGuard;
        _runner = runner;
        _resources = resources;
        _names = names;
        _logs = logs;
        _configs = configs;
        _stages = stages;
        _notifications = notifications;
        _gpus = gpus;
        _docker = docker;
        _engine = engine;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The last request the gateway reported for a Space (in memory; flushed to the database by <see cref="FlushActivityAsync"/>).</summary>
    public bool TryGetLastActivity(long spaceId, out DateTime at)
    {
        at = _activity.TryGetValue(spaceId, out var ticks) ? new DateTime(Volatile.Read(ref ticks.Value), DateTimeKind.Utc) : default;
        return at != default;
    }

    /// <summary>First wait after a crash before the restart; doubled for each further crash (2 s, 4 s, 8 s...).</summary>
    internal TimeSpan CrashBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A container that ran this long before crashing starts the crash count again.</summary>
    internal TimeSpan CrashCountReset { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Operations still running in the background (tests wait for them to settle).</summary>
    internal int BackgroundCount => _background.Count;

    /// <summary>Reacts to a repository change: a commit of a Space deploys it, a deletion removes its resources, a move restarts it.</summary>
    public async Task HandleAsync(RepoChange change, CancellationToken cancellationToken = default)
    {
        if (change.Type != RepoType.Space)
        {
            return;
        }

        switch (change.Kind)
        {
            case RepoChangeKind.Created or RepoChangeKind.Committed when change.Commit is not null:
                _ = Deploy(change.RepoId, change.Commit, noCache: false, reuseImage: false, resetCrashes: true);
                break;
            case RepoChangeKind.Moved:
                await RestartIfServingAsync(change.RepoId, "The Space was renamed", cancellationToken);
                break;
            case RepoChangeKind.Deleted:
                await DeleteResourcesAsync(change.RepoId, cancellationToken);
                break;
        }
    }

    /// <inheritdoc />
    public async Task RestartAsync(Repo space, bool factory, CancellationToken cancellationToken = default)
    {
        var runtime = await _stages.GetAsync(space.Id, cancellationToken);
        var revision = factory ? space.HeadCommit : runtime?.RunningRevision ?? space.HeadCommit;
        if (revision is null)
        {
            return;
        }

        await _stages.UpdateAsync(space.Id, r => r.DesiredState = SpaceDesiredState.Running, cancellationToken);
        _ = Deploy(space.Id, revision, noCache: factory, reuseImage: !factory, resetCrashes: true);
    }

    /// <inheritdoc />
    public Task PauseAsync(Repo space, CancellationToken cancellationToken = default) =>
        HaltAsync(space.Id, SpaceStage.Paused, SpaceDesiredState.Paused, "Paused by its owner", cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(Repo space, CancellationToken cancellationToken = default) =>
        HaltAsync(space.Id, SpaceStage.Stopped, SpaceDesiredState.Stopped, "Stopped", cancellationToken);

    /// <summary>Puts a Space to sleep (the sleep monitor calls this after sleep_time without requests); the next request wakes it.</summary>
    public Task SleepAsync(long spaceId, CancellationToken cancellationToken = default) =>
        HaltAsync(spaceId, SpaceStage.Sleeping, SpaceDesiredState.Sleeping, "No requests for its sleep time", cancellationToken);

    /// <inheritdoc />
    public async Task ResumeAsync(Repo space, CancellationToken cancellationToken = default)
    {
        if (space.HeadCommit is not { } head)
        {
            return;
        }

        var runtime = await _stages.GetAsync(space.Id, cancellationToken);
        if (runtime?.RunningContainerId is not null && runtime.DesiredState == SpaceDesiredState.Running)
        {
            return;
        }

        await _stages.UpdateAsync(space.Id, r => r.DesiredState = SpaceDesiredState.Running, cancellationToken);
        _ = Deploy(space.Id, head, noCache: false, reuseImage: true, resetCrashes: true);
    }

    /// <inheritdoc />
    public async Task SetHardwareAsync(Repo space, string flavor, int? sleepTimeSeconds, CancellationToken cancellationToken = default)
    {
        if (_options.Flavors.All(f => f.Name != flavor))
        {
            throw Core.Problems.ProblemException.Invalid("flavor",
                $"'{flavor}' is not a hardware flavor of this platform; choose one of {string.Join(", ", _options.Flavors.Select(f => f.Name).Distinct())}.");
        }

        if (sleepTimeSeconds is { } seconds)
        {
            ValidateSleepTime(seconds);
        }

        await UpdateRepoAsync(space.Id, r =>
        {
            r.RequestedHardware = flavor;
            r.SleepTimeSeconds = sleepTimeSeconds ?? r.SleepTimeSeconds;
        }, cancellationToken);
        space.RequestedHardware = flavor;
        await RestartIfServingAsync(space.Id, $"Hardware changed to {flavor}", cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetSleepTimeAsync(Repo space, int seconds, CancellationToken cancellationToken = default)
    {
        ValidateSleepTime(seconds);
        await UpdateRepoAsync(space.Id, r => r.SleepTimeSeconds = seconds, cancellationToken);
        space.SleepTimeSeconds = seconds;
    }

    /// <inheritdoc />
    public Task EnvironmentChangedAsync(Repo space, CancellationToken cancellationToken = default) =>
        RestartIfServingAsync(space.Id, "Variables or secrets changed", cancellationToken);

    /// <inheritdoc />
    public void ReportActivity(long spaceId) =>
        // Concurrent reports of one Space race; any of them is recent enough for a timer that counts in minutes.
        Volatile.Write(ref _activity.GetOrAdd(spaceId, static _ => new StrongBox<long>()).Value, _time.GetUtcNow().UtcTicks);

    /// <summary>Writes activity reported since the last flush to <see cref="SpaceRuntime.LastActivityAt"/>.</summary>
    public async Task FlushActivityAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (spaceId, ticks) in _activity)
        {
            var at = new DateTime(Volatile.Read(ref ticks.Value), DateTimeKind.Utc);
            if (_activityFlushed.TryGetValue(spaceId, out var flushed) && flushed >= at)
            {
                continue;
            }

            await _stages.UpdateAsync(spaceId, r => r.LastActivityAt = at, cancellationToken);
            _activityFlushed[spaceId] = at;
        }
    }

    /// <inheritdoc />
    public ValueTask<SpaceEndpoint?> GetEndpointAsync(long spaceId, CancellationToken cancellationToken = default) =>
        TryGetKnownEndpoint(spaceId, out var known) ? ValueTask.FromResult(known) : new ValueTask<SpaceEndpoint?>(LoadEndpointAsync(spaceId, cancellationToken));

    /// <inheritdoc />
    public bool TryGetKnownEndpoint(long spaceId, out SpaceEndpoint? endpoint) => _endpoints.TryGetValue(spaceId, out endpoint);

    private async Task<SpaceEndpoint?> LoadEndpointAsync(long spaceId, CancellationToken cancellationToken)
    {
        var runtime = await _stages.GetAsync(spaceId, cancellationToken);
        var endpoint = runtime is { RunningContainerId: not null, HostPort: { } port, RunningRevision: { } revision }
            ? new SpaceEndpoint(spaceId, revision, port)
            : null;
        _endpoints.TryAdd(spaceId, endpoint);
        return endpoint;
    }

    /// <summary>Cancels what runs in the background and waits for it (the host is stopping). Containers keep running: a restart adopts them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_background.Keys.ToList());
    }

    private static void ValidateSleepTime(int seconds)
    {
        if (seconds != -1 && seconds < 60)
        {
            throw Core.Problems.ProblemException.Invalid("seconds", $"The sleep time must be -1 (never) or at least 60 seconds, got {seconds}.");
        }
    }

    private SpaceSlot Slot(long spaceId) => _slots.GetOrAdd(spaceId, _ => new SpaceSlot(_stopping.Token));

    private async Task<Repo?> LoadSpaceAsync(long spaceId, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.Repos.AsNoTracking().Include(r => r.Owner)
            .FirstOrDefaultAsync(r => r.Id == spaceId && r.Type == RepoType.Space, cancellationToken);
    }

    private async Task UpdateRepoAsync(long spaceId, Action<Repo> update, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var repo = await db.Repos.FirstOrDefaultAsync(r => r.Id == spaceId, cancellationToken)
            ?? throw Core.Problems.ProblemException.NotFound("The Space does not exist.");
        update(repo);
        await db.SaveChangesAsync(cancellationToken);
    }

    // Restarts a Space that serves, or that is in RUNTIME_ERROR (new settings may be exactly what it was missing).
    private async Task RestartIfServingAsync(long spaceId, string reason, CancellationToken cancellationToken)
    {
        var runtime = await _stages.GetAsync(spaceId, cancellationToken);
        if (runtime is not { DesiredState: SpaceDesiredState.Running } || (runtime.RunningContainerId is null && runtime.Stage != SpaceStage.RuntimeError))
        {
            return;
        }

        var revision = runtime.RunningRevision ?? (await LoadSpaceAsync(spaceId, cancellationToken))?.HeadCommit;
        if (revision is not null)
        {
            Log.Restarting(_logger, spaceId, reason);
            _ = Deploy(spaceId, revision, noCache: false, reuseImage: true, resetCrashes: true);
        }
    }

    private void SetEndpoint(long spaceId, SpaceEndpoint? endpoint) => _endpoints[spaceId] = endpoint;

    /// <summary>Runs work in the background, tracked so that disposal waits for it; cancellation ends it quietly.</summary>
    private Task<bool> RunInBackground(long spaceId, string what, Func<Task<bool>> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                return await work();
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception ex)
            {
                Log.OperationFailed(_logger, spaceId, what, ex);
                return false;
            }
        });
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private static string Short(string revision) => revision[..Math.Min(7, revision.Length)];

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "{What} of Space {SpaceId} failed")]
        public static partial void OperationFailed(ILogger logger, long spaceId, string what, Exception exception);

        [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Restarting Space {SpaceId}: {Reason}")]
        public static partial void Restarting(ILogger logger, long spaceId, string reason);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Space {SpaceId} moved to {Stage}: {Reason}")]
        public static partial void Stage(ILogger logger, long spaceId, string stage, string reason);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Space {SpaceId} container {ContainerId} ended: exit code {ExitCode}, OOM {OomKilled}")]
        public static partial void Crashed(ILogger logger, long spaceId, string containerId, int exitCode, bool oomKilled);

        [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Watching Space {SpaceId} container {ContainerId} failed; checking its state")]
        public static partial void WatchFailed(ILogger logger, long spaceId, string containerId, Exception exception);

        [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "The Docker engine at {Endpoint} does not answer; waiting for it")]
        public static partial void WaitingForEngine(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 4206, Level = LogLevel.Information, Message = "The Docker engine at {Endpoint} answers again")]
        public static partial void EngineBack(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 4207, Level = LogLevel.Warning,
            Message = "Build {BuildId} of Space {SpaceId} was cut by the Docker engine (attempt {Attempt} of {Attempts}); building again once it answers")]
        public static partial void BuildCutByEngine(ILogger logger, long spaceId, long buildId, int attempt, int attempts);

        [LoggerMessage(EventId = 4208, Level = LogLevel.Warning,
            Message = "The engine resources of deleted Space {SpaceId} are removed once the Docker engine answers: {Message}")]
        public static partial void CleanupDeferred(ILogger logger, long spaceId, string message);
    }
}
