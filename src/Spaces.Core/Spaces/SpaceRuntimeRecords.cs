namespace Spaces.Core.Spaces;

/// <summary>What the owner wants a Space to be doing; the runtime converges the engine towards it.</summary>
public enum SpaceDesiredState
{
    /// <summary>Built and serving (the default).</summary>
    Running = 0,

    /// <summary>Stopped for inactivity; the next request wakes it.</summary>
    Sleeping = 1,

    /// <summary>Stopped by its owner; only the owner resumes it.</summary>
    Paused = 2,

    /// <summary>Stopped by the platform or an administrator.</summary>
    Stopped = 3,
}

/// <summary>One row per Space: its current stage and what runs for it (the desired state lives here too).</summary>
public sealed class SpaceRuntime
{
    public long RepoId { get; set; }

    public SpaceStage Stage { get; set; }

    /// <summary>Why the Space is in an error stage (build step and message, exit code and last log lines, ...).</summary>
    public string? ErrorMessage { get; set; }

    public DateTime StageSince { get; set; }

    public SpaceDesiredState DesiredState { get; set; }

    /// <summary>The commit whose container takes traffic.</summary>
    public string? RunningRevision { get; set; }

    public string? RunningContainerId { get; set; }

    /// <summary>The 127.0.0.1 port the engine published for the running container's app_port.</summary>
    public int? HostPort { get; set; }

    /// <summary>The commit being built or started beside the running one.</summary>
    public string? PendingRevision { get; set; }

    /// <summary>The hardware flavor the running container has.</summary>
    public string? Hardware { get; set; }

    /// <summary>GPU device ids assigned to the running container, comma-separated.</summary>
    public string? GpuDeviceIds { get; set; }

    /// <summary>The last request through the gateway (for sleep).</summary>
    public DateTime? LastActivityAt { get; set; }

    /// <summary>Crash restarts since the last healthy start (backoff and bound).</summary>
    public int CrashCount { get; set; }
}

/// <summary>A stage transition, kept for the Space's history: when, to what, and why.</summary>
public sealed class SpaceStageEvent
{
    public long Id { get; set; }

    public long RepoId { get; set; }

    public SpaceStage Stage { get; set; }

    public required string Reason { get; set; }

    public string? ErrorMessage { get; set; }

    public string? Revision { get; set; }

    public DateTime At { get; set; }
}

/// <summary>Where a build is.</summary>
public enum SpaceBuildStatus
{
    /// <summary>Waiting for a builder.</summary>
    Queued = 0,

    /// <summary>Being built.</summary>
    Running = 1,

    /// <summary>Built; <see cref="SpaceBuild.ImageId"/> is set (or, for static Spaces, validated).</summary>
    Succeeded = 2,

    /// <summary>Failed; <see cref="SpaceBuild.ErrorMessage"/> says why.</summary>
    Failed = 3,

    /// <summary>Cancelled, e.g. by a newer commit.</summary>
    Cancelled = 4,
}

/// <summary>A build of one revision of a Space; its log is a file named by <see cref="Id"/>.</summary>
public sealed class SpaceBuild
{
    public long Id { get; set; }

    public long RepoId { get; set; }

    public required string Revision { get; set; }

    public SpaceBuildStatus Status { get; set; }

    /// <summary>A factory rebuild: no build cache.</summary>
    public bool NoCache { get; set; }

    public string? ImageId { get; set; }

    public string? ErrorMessage { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
