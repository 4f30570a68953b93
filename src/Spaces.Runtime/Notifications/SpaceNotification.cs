using Spaces.Core.Spaces;

namespace Spaces.Runtime.Notifications;

/// <summary>Something a watcher of a Space sees live: a stage change, a log line, or a metrics sample.</summary>
public abstract record SpaceNotification(long SpaceId, DateTime At);

/// <summary>The Space moved to <paramref name="Stage"/>; <paramref name="ErrorMessage"/> explains error stages.</summary>
public sealed record StageChanged(long SpaceId, DateTime At, SpaceStage Stage, string Reason, string? ErrorMessage, string? Revision)
    : SpaceNotification(SpaceId, At);

/// <summary>Which log a line belongs to.</summary>
public enum LogKind
{
    /// <summary>The image build.</summary>
    Build,

    /// <summary>The running container (stdout and stderr).</summary>
    Run,
}

/// <summary>One log line (without its line break); <paramref name="Sequence"/> increases per Space and log, so a viewer can tell what it missed.</summary>
public sealed record LogLineNotification(long SpaceId, DateTime At, LogKind Kind, long Sequence, string Line, bool IsError)
    : SpaceNotification(SpaceId, At);

/// <summary>A resource sample of the running container.</summary>
public sealed record MetricsSample(long SpaceId, DateTime At, double CpuPercent, long MemoryBytes, long MemoryLimitBytes)
    : SpaceNotification(SpaceId, At);
