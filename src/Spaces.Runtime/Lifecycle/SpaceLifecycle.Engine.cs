using Spaces.Core.Spaces;
using Spaces.Docker;

namespace Spaces.Runtime.Lifecycle;

// The engine going away (restarted, stopped, crashed): what a Space's stage says meanwhile, and waiting for the engine to come back.
public sealed partial class SpaceLifecycle
{
    /// <summary>The reason recorded with RUNTIME_ERROR while the engine does not answer.</summary>
    public const string EngineUnreachableReason = "The Docker engine is not reachable";

    private static readonly TimeSpan EngineProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _engineLock = new();
    private Task? _engineBack;

    /// <summary>How often a lifecycle waiting for the engine asks whether it answers again.</summary>
    internal TimeSpan EngineRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Null when the engine answers a ping (within 5 s); otherwise why it does not.</summary>
    private async Task<DockerException?> EngineProblemAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EngineProbeTimeout);
        try
        {
            await _docker.System.PingAsync(timeout.Token);
            return null;
        }
        catch (DockerException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return new DockerUnreachableException(_docker.Endpoint, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new DockerUnreachableException(_docker.Endpoint, $"no answer to a ping within {EngineProbeTimeout.TotalSeconds:0} s", ex);
        }
    }

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
        while (await EngineProblemAsync(_stopping.Token) is not null)
        {
            await Task.Delay(EngineRetryInterval, _time, _stopping.Token);
        }

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

    /// <summary>The message of RUNTIME_ERROR when the engine took a serving container away with it.</summary>
    private static string EngineLostMessage(string endpoint) =>
        $"The Docker engine at {endpoint} went away (restarted, stopped or crashed) and the app's container stopped with it. " +
        "The platform starts the app again as soon as the engine answers.";
}
