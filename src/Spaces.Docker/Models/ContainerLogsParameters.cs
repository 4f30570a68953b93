namespace Spaces.Docker.Models;

/// <summary>Options for <c>GET /containers/{id}/logs</c>.</summary>
public sealed class ContainerLogsParameters
{
    /// <summary>Keep streaming new output until the container stops or the call is cancelled. Default false.</summary>
    public bool Follow { get; set; }

    /// <summary>Include standard output. Default true.</summary>
    public bool Stdout { get; set; } = true;

    /// <summary>Include standard error. Default true.</summary>
    public bool Stderr { get; set; } = true;

    /// <summary>Prefix each line with its RFC 3339 timestamp. Default false.</summary>
    public bool Timestamps { get; set; }

    /// <summary>Only the last N lines. Default null: all.</summary>
    public int? Tail { get; set; }

    /// <summary>Only output since this time. Default null.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only output until this time. Default null.</summary>
    public DateTimeOffset? Until { get; set; }

    /// <summary>
    /// Whether the container has a TTY (raw output instead of multiplexed frames).
    /// Default null: the client inspects the container to find out.
    /// </summary>
    public bool? Tty { get; set; }
}
