using System.Collections.Concurrent;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Lifecycle;

// The engine going away (restarted, stopped, crashed): what a Space's stage says meanwhile, and waiting for the engine to come back.
public sealed partial class SpaceLifecycle
{
    /// <summary>The reason recorded with RUNTIME_ERROR while the engine does not answer.</summary>
    public const string EngineUnreachableReason = "The Docker engine is not reachable";

    /// <summary>The reason recorded with BUILDING (or RUNNING_BUILDING) while a build the engine cut waits for it to answer again.</summary>
    public const string WaitingForEngineReason = "Waiting for the Docker engine";

    private readonly Lock _engineLock = new();
    private readonly ConcurrentDictionary<long, byte> _buildsWaitingForEngine = new();
    private Task? _engineBack;

    /// <summary>Null when the engine answers a ping (within 5 s); otherwise why it does not.</summary>
    private Task<DockerException?> EngineProblemAsync(CancellationToken cancellationToken) => _engine.ProblemAsync(cancellationToken);

    /// <summary>Completes when the engine answers again (one poll shared by every Space waiting for it).</summary>
    private Task WaitForEngineAsync(CancellationToken cancellationToken)
    {
        Task back;
        lock (_engineLock)
        {
            if (_engineBack is null || _engineBack.IsCompleted)
            {
                _engineBack = Task.Run(PollEngineAsync, CancellationToken.None);
            }

            back = _engineBack;
        }

        return back.WaitAsync(cancellationToken);
    }

    private async Task PollEngineAsync()
    {
        Log.WaitingForEngine(_logger, _docker.Endpoint);
        await _engine.WaitAsync(_stopping.Token);
        Log.EngineBack(_logger, _docker.Endpoint);
    }

    /// <summary>
    /// Records that a deployment of <paramref name="revision"/> found no engine: RUNTIME_ERROR naming the engine, the revision kept as
    /// pending (the reconciler starts it after a platform restart) and the Space wanted running (a wake asked for it).
    /// </summary>
    private Task RecordEngineUnreachableAsync(long spaceId, string revision, DockerException problem, CancellationToken cancellationToken) =>
        _stages.TransitionAsync(spaceId, SpaceStage.RuntimeError, EngineUnreachableReason,
            $"{problem.Message} The platform starts revision {Short(revision)} as soon as the engine answers again.", revision, r =>
            {
                r.PendingRevision = revision;
                r.DesiredState = SpaceDesiredState.Running;
            }, cancellationToken);

    /// <summary>
    /// Builds <paramref name="revision"/>; a build the engine cut (it went away, see <see cref="SpaceBuildResult.EngineLost"/>) waits
    /// for the engine, the stage saying so, and starts again from the beginning, up to <see cref="RuntimeOptions.BuildEngineAttempts"/>
    /// attempts in all. Returns the last attempt's result. Runs without the Space's gate (taken only to record a stage).
    /// </summary>
    private async Task<SpaceBuildResult> BuildRidingOutEngineAsync(Repo space, string revision, bool noCache, CancellationToken token)
    {
        var attempts = Math.Max(1, _options.BuildEngineAttempts);
        var ticket = await _builds.EnqueueAsync(space, revision, noCache, token);
        for (var attempt = 1; ; attempt++)
        {
            var result = await ticket.Completion.WaitAsync(token);
            if (!result.EngineLost || attempt >= attempts)
            {
                return result;
            }

            Log.BuildCutByEngine(_logger, space.Id, result.BuildId, attempt, attempts);
            _buildsWaitingForEngine.TryAdd(space.Id, 0); // The reconciler must not resume this deployment as if its platform had stopped.
            try
            {
                await RecordBuildStageAsync(space.Id, revision, WaitingForEngineReason,
                    $"{result.ErrorMessage} The build of revision {Short(revision)} starts again from the beginning as soon as the engine " +
                    $"answers (attempt {attempt + 1} of {attempts}).", token);
                await WaitForEngineAsync(token);
                await RecordBuildStageAsync(space.Id, revision, $"Building revision {Short(revision)} again (attempt {attempt + 1} of {attempts})", null, token);
                var note = $"The previous attempt (build {result.BuildId}) was cut by the Docker engine going away: building again from the " +
                    $"beginning (attempt {attempt + 1} of {attempts}).";
                ticket = await _builds.EnqueueAsync(space, revision, noCache, note, token);
            }
            finally
            {
                _buildsWaitingForEngine.TryRemove(space.Id, out _);
            }
        }
    }

    // BUILDING, or RUNNING_BUILDING while an older revision serves; under the Space's gate.
    private async Task RecordBuildStageAsync(long spaceId, string revision, string reason, string? message, CancellationToken token)
    {
        using (await Slot(spaceId).EnterAsync(token))
        {
            token.ThrowIfCancellationRequested();
            var runtime = await _stages.GetAsync(spaceId, token);
            await _stages.TransitionAsync(spaceId, IsServing(runtime) ? SpaceStage.RunningBuilding : SpaceStage.Building, reason, message, revision,
                r => r.PendingRevision = revision, token);
        }
    }

    /// <summary>The message of RUNTIME_ERROR when the engine took a serving container away with it.</summary>
    private static string EngineLostMessage(string endpoint) =>
        $"The Docker engine at {endpoint} went away (restarted, stopped or crashed) and the app's container stopped with it. " +
        "The platform starts the app again as soon as the engine answers.";
}
