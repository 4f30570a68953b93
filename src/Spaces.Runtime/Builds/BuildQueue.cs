using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Accepts builds of Space revisions for <see cref="BuildWorker"/> (which runs <see cref="RuntimeOptions.BuildConcurrency"/> at once).
/// At most one build per Space matters: enqueueing a newer revision cancels the Space's queued or running build (status Cancelled,
/// the engine build aborted); enqueueing the revision already being built returns that build's ticket.
/// </summary>
public sealed partial class BuildQueue
{
    private readonly Channel<BuildJob> _channel = Channel.CreateUnbounded<BuildJob>();
    private readonly Dictionary<long, BuildJob> _current = [];
    private readonly Lock _lock = new();
    private readonly BuildRecords _records;
    private readonly RepoStorage _storage;
    private readonly ILogger<BuildQueue> _logger;

    internal BuildQueue(BuildRecords records, RepoStorage storage, TimeProvider time, ILogger<BuildQueue> logger)
    {
        _records = records;
        _storage = storage;
        _logger = logger;
        StartedAt = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>When this queue started: build rows still queued or running from before belong to an earlier process.</summary>
    internal DateTime StartedAt { get; }

    internal ChannelReader<BuildJob> Reader => _channel.Reader;

    /// <summary>
    /// Queues a build of <paramref name="revision"/> (a commit, or anything git resolves to one) and returns its ticket once the build row
    /// is stored. A queued or running build of another revision of the Space is cancelled; a build of the same revision already under way
    /// is returned instead of a new one (unless this one asks for <paramref name="noCache"/> and that one does not).
    /// </summary>
    /// <param name="space">The Space (its owner loaded: labels name it).</param>
    /// <param name="revision">The revision to build; the ticket carries the commit it resolved to.</param>
    /// <param name="noCache">A factory rebuild: no build cache.</param>
    /// <param name="cancellationToken">Cancels the enqueue itself, not the build.</param>
    public Task<BuildTicket> EnqueueAsync(Repo space, string revision, bool noCache = false, CancellationToken cancellationToken = default) =>
        EnqueueAsync(space, revision, noCache, note: null, cancellationToken);

    /// <summary>Queues a build as <see cref="EnqueueAsync(Repo, string, bool, CancellationToken)"/> does, its log starting with <paramref name="note"/>.</summary>
    internal async Task<BuildTicket> EnqueueAsync(Repo space, string revision, bool noCache, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        var commit = await ResolveAsync(space, revision, cancellationToken) ?? revision;
        lock (_lock)
        {
            if (_current.TryGetValue(space.Id, out var current) && !current.IsFinished && current.CancelReason is null &&
                current.Revision == commit && (current.NoCache || !noCache))
            {
                return current.Ticket;
            }
        }

        var buildId = await _records.CreateAsync(space.Id, commit, noCache, cancellationToken);
        var job = new BuildJob(buildId, space, commit, noCache, note);
        BuildJob? previous;
        lock (_lock)
        {
            _current.TryGetValue(space.Id, out previous);
            if (previous is null || previous.BuildId < job.BuildId)
            {
                _current[space.Id] = job;
            }
        }

        if (previous is not null && previous.BuildId > job.BuildId)
        {
            // A concurrent enqueue stored a newer build first: this one is already outdated and never runs.
            await CancelAsync(job, $"A newer revision ({Short(previous.Revision)}) is being built.");
            return job.Ticket;
        }

        if (previous is not null)
        {
            await CancelAsync(previous, $"A newer revision ({Short(job.Revision)}) is being built.");
        }

        Log.Queued(_logger, job.BuildId, space.Id, job.Revision);
        if (!_channel.Writer.TryWrite(job))
        {
            await CancelAsync(job, "The platform is stopping.");
        }

        return job.Ticket;
    }

    /// <summary>The Space's queued or running build, or null.</summary>
    public BuildTicket? Current(long spaceId)
    {
        lock (_lock)
        {
            return _current.TryGetValue(spaceId, out var job) && !job.IsFinished ? job.Ticket : null;
        }
    }

    /// <summary>Cancels the Space's queued or running build (e.g. the Space is stopped or deleted); completes once it is recorded.</summary>
    public async Task CancelAsync(long spaceId, string reason)
    {
        BuildJob? job;
        lock (_lock)
        {
            _current.Remove(spaceId, out job);
        }

        if (job is not null)
        {
            await CancelAsync(job, reason);
            await job.Ticket.Completion;
        }
    }

    /// <summary>Forgets a finished job (it stays the Space's current one only while it is under way).</summary>
    internal void Forget(BuildJob job)
    {
        lock (_lock)
        {
            if (_current.TryGetValue(job.Space.Id, out var current) && current == job)
            {
                _current.Remove(job.Space.Id);
            }
        }
    }

    /// <summary>Stops accepting builds and cancels those still queued (the host stops).</summary>
    internal async Task CloseAsync()
    {
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var job))
        {
            await CancelAsync(job, "The platform stopped before the build started.");
        }
    }

    /// <summary>Cancels a job; one still queued is finished here (no worker will take it), a running one by its worker.</summary>
    private async Task CancelAsync(BuildJob job, string reason)
    {
        if (!job.Cancel(reason))
        {
            return;
        }

        Log.CancelledQueued(_logger, job.BuildId, job.Space.Id, reason);
        await _records.FinishAsync(job.BuildId, SpaceBuildStatus.Cancelled, null, reason);
        job.Complete(new SpaceBuildResult(job.BuildId, job.Revision, SpaceBuildStatus.Cancelled, null, reason, null));
        Forget(job);
    }

    private async Task<string?> ResolveAsync(Repo space, string revision, CancellationToken cancellationToken)
    {
        try
        {
            return await _storage.Open(space).ResolveAsync(revision, cancellationToken);
        }
        catch (RepoEntryNotFoundException)
        {
            // No git repository: the build fails with a clear message instead.
            return null;
        }
    }

    internal static string Short(string revision) => revision[..Math.Min(12, revision.Length)];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Build {BuildId} of Space {SpaceId} at {Revision} queued")]
        public static partial void Queued(ILogger logger, long buildId, long spaceId, string revision);

        [LoggerMessage(2, LogLevel.Information, "Build {BuildId} of Space {SpaceId} cancelled before it started: {Reason}")]
        public static partial void CancelledQueued(ILogger logger, long buildId, long spaceId, string reason);
    }
}
