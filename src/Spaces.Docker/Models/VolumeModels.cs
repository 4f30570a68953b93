namespace Spaces.Docker.Models;

/// <summary>Body of <c>POST /volumes/create</c>.</summary>
public sealed class VolumeCreateParameters
{
    /// <summary>Default empty: the engine makes one up.</summary>
    public string Name { get; set; } = "";

    /// <summary>Default <c>local</c>.</summary>
    public string Driver { get; set; } = "local";
    public Dictionary<string, string>? DriverOpts { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>A volume as inspected or listed.</summary>
public sealed class VolumeResponse
{
    public string Name { get; set; } = "";
    public string? Driver { get; set; }
    public string? Mountpoint { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public string? Scope { get; set; }
}

/// <summary>The engine's answer to <c>GET /volumes</c>.</summary>
public sealed class VolumesListResponse
{
    public List<VolumeResponse>? Volumes { get; set; }
    public List<string>? Warnings { get; set; }
}

/// <summary>The engine's answer to a prune of containers, networks or volumes.</summary>
public sealed class PruneResponse
{
    public List<string>? ContainersDeleted { get; set; }
    public List<string>? NetworksDeleted { get; set; }
    public List<string>? VolumesDeleted { get; set; }
    public long SpaceReclaimed { get; set; }
}
