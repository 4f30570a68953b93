namespace Spaces.Docker.Models;

/// <summary>Options for <c>GET /containers/json</c>.</summary>
public sealed class ContainersListParameters
{
    /// <summary>Include stopped containers. Default true (the platform wants to see everything it owns).</summary>
    public bool All { get; set; } = true;

    /// <summary>Return at most this many, newest first. Default null: all.</summary>
    public int? Limit { get; set; }

    /// <summary>Filters such as <c>label</c>, <c>status</c>, <c>name</c>. Default none.</summary>
    public DockerFilters? Filters { get; set; }
}

/// <summary>One container of <c>GET /containers/json</c>.</summary>
public sealed class ContainerSummary
{
    public string Id { get; set; } = "";
    public List<string>? Names { get; set; }
    public string? Image { get; set; }
    public string? ImageID { get; set; }
    public string? Command { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public long Created { get; set; }
    public string? State { get; set; }
    public string? Status { get; set; }
    public List<ContainerPort>? Ports { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>A port of a listed container.</summary>
public sealed class ContainerPort
{
    public string? IP { get; set; }
    public int PrivatePort { get; set; }
    public int PublicPort { get; set; }
    public string? Type { get; set; }
}

/// <summary>The engine's answer to <c>POST /containers/{id}/wait</c>.</summary>
public sealed class ContainerWaitResponse
{
    public long StatusCode { get; set; }
    public ContainerWaitError? Error { get; set; }
}

/// <summary>An error met while waiting.</summary>
public sealed class ContainerWaitError
{
    public string? Message { get; set; }
}

/// <summary>What <c>POST /containers/{id}/wait</c> waits for.</summary>
public enum ContainerWaitCondition
{
    /// <summary>Until the container is not running (returns at once if it is not).</summary>
    NotRunning,

    /// <summary>Until the container next exits.</summary>
    NextExit,

    /// <summary>Until the container is removed.</summary>
    Removed,
}
