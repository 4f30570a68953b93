using System.Text.Json.Serialization;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Web.Live;

/// <summary>
/// What the hub's <c>Watch</c> stream carries, one JSON object per item, told apart by <c>type</c>:
/// <c>stage</c>, <c>log</c> or <c>metrics</c>. Times are UTC ISO 8601.
/// </summary>
public static class LiveEvents
{
    /// <summary>The event for a notification.</summary>
    public static object From(SpaceNotification notification) => notification switch
    {
        StageChanged stage => new StageEvent(stage.Stage.ToHubName(), stage.Reason, stage.ErrorMessage, stage.At),
        LogLineNotification log => new LogEvent(KindName(log.Kind), log.Sequence, log.Line, log.IsError, log.At),
        MetricsSample sample => new MetricsEvent(Math.Round(sample.CpuPercent, 2), sample.MemoryBytes, sample.MemoryLimitBytes, sample.At),
        _ => throw new ArgumentOutOfRangeException(nameof(notification), notification.GetType().Name, "Unknown notification."),
    };

    /// <summary><c>build</c> or <c>run</c>.</summary>
    public static string KindName(LogKind kind) => kind == LogKind.Build ? "build" : "run";
}

/// <summary><c>{type:"stage", stage, reason, errorMessage, at}</c>: the Space moved to <paramref name="Stage"/> (a Hub stage name).</summary>
public sealed record StageEvent(string Stage, string Reason, string? ErrorMessage, DateTime At)
{
    [JsonPropertyOrder(-1)]
    public string Type => "stage";
}

/// <summary>
/// <c>{type:"log", kind, seq, line, isError, at}</c>: one line of the <c>build</c> or <c>run</c> log; <c>seq</c> increases by one per
/// line of a log (a gap means lines were dropped; it restarts at 1 when a new build starts).
/// </summary>
public sealed record LogEvent(string Kind, long Seq, string Line, bool IsError, DateTime At)
{
    [JsonPropertyOrder(-1)]
    public string Type => "log";
}

/// <summary><c>{type:"metrics", cpu, memory, memoryLimit, at}</c>: CPU in percent of one core, memory in bytes.</summary>
public sealed record MetricsEvent(double Cpu, long Memory, long MemoryLimit, DateTime At)
{
    [JsonPropertyOrder(-1)]
    public string Type => "metrics";
}

/// <summary>What <c>Subscribe</c> answers: the Space's current state.</summary>
public sealed record SpaceStateEvent(
    string SpaceId,
    string Stage,
    string Reason,
    string? ErrorMessage,
    string? Hardware,
    string RequestedHardware,
    DateTime At)
{
    /// <summary>The answer for <paramref name="state"/>.</summary>
    public static SpaceStateEvent From(SpaceState state) => new(
        state.FullName, state.Stage.ToHubName(), state.Reason, state.ErrorMessage, state.CurrentHardware, state.RequestedHardware, state.Since);
}
