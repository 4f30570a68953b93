using Spaces.Core.Repositories;

namespace Spaces.Runtime.Builds;

/// <summary>
/// One build between its enqueue and its end: what to build, how it may be cancelled and why, and the result its ticket waits for.
/// A job runs at most once: <see cref="TryStart"/> and <see cref="Cancel"/> decide atomically whether a worker or the canceller finishes it.
/// </summary>
internal sealed class BuildJob
{
    // Never disposed: it has no timer, and a late Cancel must not meet a disposed source.
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<SpaceBuildResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private BuildJobState _state = BuildJobState.Queued;

    public BuildJob(long buildId, Repo space, string revision, bool noCache, string? note = null)
    {
        BuildId = buildId;
        Space = space;
        Revision = revision;
        NoCache = noCache;
        Note = note;
        Ticket = new BuildTicket(buildId, space.Id, revision, _completion.Task);
    }

    public long BuildId { get; }

    public Repo Space { get; }

    public string Revision { get; }

    public bool NoCache { get; }

    /// <summary>A line the build log starts with after its first line (e.g. that the previous attempt was cut by the engine).</summary>
    public string? Note { get; }

    public BuildTicket Ticket { get; }

    /// <summary>Cancelled when a newer build supersedes this one or the Space's builds are cancelled.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Why <see cref="Token"/> was cancelled; null while it is not.</summary>
    public string? CancelReason { get; private set; }

    public bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Marks the job running; false when it was cancelled while queued (the canceller finishes it).</summary>
    public bool TryStart()
    {
        lock (_lock)
        {
            if (_state != BuildJobState.Queued)
            {
                return false;
            }

            _state = BuildJobState.Running;
            return true;
        }
    }

    /// <summary>
    /// Cancels the job with a reason. Returns true when it was still queued: no worker will touch it, so the caller finishes it.
    /// A running job is aborted by its worker, which finishes it.
    /// </summary>
    public bool Cancel(string reason)
    {
        bool wasQueued;
        lock (_lock)
        {
            if (_state == BuildJobState.Cancelled || IsFinished)
            {
                return false;
            }

            wasQueued = _state == BuildJobState.Queued;
            _state = BuildJobState.Cancelled;
            CancelReason = reason;
        }

        _cancellation.Cancel();
        return wasQueued;
    }

    public void Complete(SpaceBuildResult result) => _completion.TrySetResult(result);

    private enum BuildJobState
    {
        Queued,
        Running,
        Cancelled,
    }
}
