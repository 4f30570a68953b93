using Microsoft.Extensions.Options;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;
using Spaces.Web.Auth;
using Spaces.Web.Live;

namespace Spaces.Web.Api.Runtime;

/// <summary>
/// A Space's live streams as server-sent events, in the Hub's shapes: <c>/logs/build</c> and <c>/logs/run</c>
/// (<c>{"data","timestamp"}</c> per line; <c>?tail=N</c> backlog lines first, default 100 — for the build log, the last stored build
/// log when nothing was built since the platform started), <c>/events</c> (stage changes,
/// the current one first) and <c>/metrics</c>. Readable by whoever can read the Space; each runs until the client goes away.
/// </summary>
public static class SpaceStreamsApi
{
    /// <summary>Default number of backlog lines of the log streams.</summary>
    public const int DefaultTail = 100;

    /// <summary>Maps the four streams under <c>/api/spaces/{owner}/{name}</c>.</summary>
    public static IEndpointRouteBuilder MapSpaceStreamsApi(this IEndpointRouteBuilder endpoints)
    {
        var space = endpoints.MapGroup("/api/spaces/{owner}/{name}");
        space.MapGet("/logs/build", (HttpContext http, string owner, string name, int? tail) => LogsAsync(http, owner, name, LogKind.Build, tail));
        space.MapGet("/logs/run", (HttpContext http, string owner, string name, int? tail) => LogsAsync(http, owner, name, LogKind.Run, tail));
        space.MapGet("/events", (HttpContext http, string owner, string name) => StreamAsync(http, owner, name, LiveTopics.Stage, 0));
        space.MapGet("/metrics", (HttpContext http, string owner, string name) => StreamAsync(http, owner, name, LiveTopics.Metrics, 0));
        return endpoints;
    }

    private static Task LogsAsync(HttpContext http, string owner, string name, LogKind kind, int? tail)
    {
        if (tail is < 0)
        {
            throw ProblemException.Invalid("tail", "tail cannot be negative.");
        }

        var topics = kind == LogKind.Build ? LiveTopics.BuildLog : LiveTopics.RunLog;
        return StreamAsync(http, owner, name, topics, Math.Min(tail ?? DefaultTail, SpaceNotifications.BacklogLines));
    }

    private static async Task StreamAsync(HttpContext http, string owner, string name, LiveTopics topics, int tail)
    {
        var services = http.RequestServices;
        var actor = await services.GetRequiredService<ActorAccessor>().GetAsync(http.RequestAborted);
        var repo = await services.GetRequiredService<RepoService>().GetReadableAsync(actor, RepoType.Space, owner, name, http.RequestAborted);
        var feed = services.GetRequiredService<SpaceLiveFeed>();
        var time = services.GetRequiredService<TimeProvider>();
        var interval = services.GetRequiredService<IOptions<LiveOptions>>().Value.KeepAliveInterval;

        var writer = await ServerSentEventWriter.StartAsync(http);
        var ct = http.RequestAborted;
        Func<Task> keepAlive = topics is LiveTopics.BuildLog or LiveTopics.RunLog
            // The Hub's keep-alive: an event with empty data.
            ? () => writer.WriteAsync(new SseLogLine("", time.GetUtcNow().UtcDateTime), LiveJsonContext.Default.SseLogLine, ct)
            : () => writer.WriteCommentAsync("keep-alive", ct);
        await KeepAliveStream.PumpAsync(
            feed.WatchAsync(repo, topics, tail, ct),
            notification => notification switch
            {
                LogLineNotification line => writer.WriteAsync(new SseLogLine(line.Line, line.At), LiveJsonContext.Default.SseLogLine, ct),
                StageChanged stage => writer.WriteAsync(
                    new SseStage(stage.Stage.ToHubName(), stage.Reason, stage.ErrorMessage, stage.At), LiveJsonContext.Default.SseStage, ct),
                MetricsSample sample => writer.WriteAsync(
                    new SseMetrics(Math.Round(sample.CpuPercent, 2), sample.MemoryBytes, sample.MemoryLimitBytes, sample.At), LiveJsonContext.Default.SseMetrics, ct),
                _ => Task.CompletedTask,
            },
            keepAlive,
            interval,
            time,
            ct);
    }
}
