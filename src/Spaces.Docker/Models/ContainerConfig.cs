namespace Spaces.Docker.Models;

/// <summary>A container's configuration (the part that does not depend on the host), as created and as inspected.</summary>
public class ContainerConfig
{
    public string? Hostname { get; set; }
    public string? Domainname { get; set; }

    /// <summary>User (name or uid[:gid]) the process runs as, e.g. <c>1000:1000</c>.</summary>
    public string? User { get; set; }

    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }

    /// <summary>Ports the container listens on, e.g. <c>{"7860/tcp": {}}</c>.</summary>
    public Dictionary<string, EmptyObject>? ExposedPorts { get; set; }

    /// <summary>Allocate a TTY: logs are then raw, not multiplexed.</summary>
    public bool Tty { get; set; }

    public bool OpenStdin { get; set; }
    public bool StdinOnce { get; set; }

    /// <summary>Environment as <c>NAME=value</c> strings.</summary>
    public List<string>? Env { get; set; }

    public List<string>? Cmd { get; set; }
    public HealthConfig? Healthcheck { get; set; }
    public string? Image { get; set; }
    public Dictionary<string, EmptyObject>? Volumes { get; set; }
    public string? WorkingDir { get; set; }
    public List<string>? Entrypoint { get; set; }
    public bool? NetworkDisabled { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? StopSignal { get; set; }

    /// <summary>Seconds to wait after the stop signal before killing.</summary>
    public int? StopTimeout { get; set; }
}

/// <summary>A container health check. Durations are in nanoseconds, as the engine wants them.</summary>
public sealed class HealthConfig
{
    /// <summary><c>["NONE"]</c>, <c>["CMD", args...]</c> or <c>["CMD-SHELL", command]</c>.</summary>
    public List<string>? Test { get; set; }
    public long Interval { get; set; }
    public long Timeout { get; set; }
    public int Retries { get; set; }
    public long StartPeriod { get; set; }

    /// <summary>Converts a duration to the nanoseconds the engine expects.</summary>
    public static long Nanoseconds(TimeSpan duration) => duration.Ticks * 100;
}
