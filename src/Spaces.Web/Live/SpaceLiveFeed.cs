using System.Runtime.CompilerServices;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;

namespace Spaces.Web.Live;

/// <summary>What a live view of a Space wants to see.</summary>
[Flags]
public enum LiveTopics
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Stage changes, starting with the current stage.</summary>
    Stage = 1,

    /// <summary>Build log lines, starting with the backlog.</summary>
    BuildLog = 2,

    /// <summary>Run log lines, starting with the backlog.</summary>
    RunLog = 4,

    /// <summary>Metrics samples of the running container (sampled only while someone watches them).</summary>
    Metrics = 8,

    /// <summary>Everything.</summary>
    All = Stage | BuildLog | RunLog | Metrics,
}

/// <summary>
/// One Space's live feed for a viewer: the current stage, then the last lines of the logs, then everything as it happens — with
/// nothing missed or repeated between the catch-up and the live part (the watcher is registered before the catch-up is read).
/// </summary>
public sealed class SpaceLiveFeed(
    SpaceNotifications notifications,
    SpaceStateReader states,
    SpaceStageStore stages,
    BuildLogStore buildLogs,
    SpaceMetricsSampler sampler)
{
    /// <summary>The notifications of <paramref name="space"/> on <paramref name="topics"/>, with at most <paramref name="tail"/> backlog lines per log.</summary>
    public async IAsyncEnumerable<SpaceNotification> WatchAsync(
        Repo space, LiveTopics topics, int tail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var metrics = topics.HasFlag(LiveTopics.Metrics) ? sampler.Track(space.Id) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = notifications.WatchAsync(space.Id, stop.Token).GetAsyncEnumerator(stop.Token);
        // The first MoveNext registers the watcher synchronously; it stays pending while the catch-up is sent.
        var next = live.MoveNextAsync().AsTask();
        try
        {
            StageChanged? lastStage = null;
            if (topics.HasFlag(LiveTopics.Stage))
            {
                var state = await states.ReadAsync(space, cancellationToken);
                lastStage = new StageChanged(space.Id, state.Since, state.Stage, state.Reason, state.ErrorMessage, null);
                yield return lastStage;
            }

            var replayed = new HashSet<LogLineNotification>(ReferenceEqualityComparer.Instance);
            foreach (var line in await BacklogAsync(space.Id, topics, tail, cancellationToken))
            {
                replayed.Add(line);
                yield return line;
            }

            while (await next)
            {
                var item = live.Current;
                next = live.MoveNextAsync().AsTask();
                switch (item)
                {
                    case StageChanged stage when topics.HasFlag(LiveTopics.Stage):
                        // The current stage read above may already include this change.
                        if (lastStage is null || stage.Stage != lastStage.Stage || stage.ErrorMessage != lastStage.ErrorMessage)
                        {
                            lastStage = stage;
                            yield return stage;
                        }

                        break;
                    case LogLineNotification line when Wants(topics, line.Kind) && !replayed.Remove(line):
                        yield return line;
                        break;
                    case MetricsSample sample when topics.HasFlag(LiveTopics.Metrics):
                        yield return sample;
                        break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // The watcher ended because we stopped it.
            }

            await live.DisposeAsync();
        }
    }

    private async Task<IEnumerable<LogLineNotification>> BacklogAsync(long spaceId, LiveTopics topics, int tail, CancellationToken cancellationToken)
    {
        if (tail <= 0)
        {
            return [];
        }

        IEnumerable<LogLineNotification> build = topics.HasFlag(LiveTopics.BuildLog) ? notifications.Backlog(spaceId, LogKind.Build, tail) : [];
        if (topics.HasFlag(LiveTopics.BuildLog) && !build.Any())
        {
            build = await StoredBuildLogAsync(spaceId, tail, cancellationToken);
        }

        IEnumerable<LogLineNotification> run = topics.HasFlag(LiveTopics.RunLog) ? notifications.Backlog(spaceId, LogKind.Run, tail) : [];
        return build.Concat(run).OrderBy(line => line.At).ThenBy(line => line.Kind);
    }

    // Nothing built since the platform started: the last build's log file tells what happened. Not while a build runs, whose
    // (still empty) live backlog is the truth.
    private async Task<IEnumerable<LogLineNotification>> StoredBuildLogAsync(long spaceId, int tail, CancellationToken cancellationToken)
    {
        var runtime = await stages.GetAsync(spaceId, cancellationToken);
        if (runtime?.Stage is SpaceStage.Building or SpaceStage.RunningBuilding || buildLogs.ListBuilds(spaceId) is not [var buildId, ..])
        {
            return [];
        }

        var lines = await buildLogs.TailAsync(spaceId, buildId, tail, cancellationToken);
        var at = File.GetLastWriteTimeUtc(buildLogs.PathOf(spaceId, buildId));
        return lines.Select((line, index) => new LogLineNotification(spaceId, at, LogKind.Build, index + 1, line, IsError: false));
    }

    private static bool Wants(LiveTopics topics, LogKind kind) =>
        topics.HasFlag(kind == LogKind.Build ? LiveTopics.BuildLog : LiveTopics.RunLog);
}
