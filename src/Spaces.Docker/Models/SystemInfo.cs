using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>The engine's answer to <c>GET /info</c> (the fields Spaces uses).</summary>
public sealed class SystemInfo
{
    public string? ID { get; set; }
    public string? Name { get; set; }
    public string? ServerVersion { get; set; }
    public string? OperatingSystem { get; set; }
    public string? OSType { get; set; }
    public string? Architecture { get; set; }
    public string? KernelVersion { get; set; }
    public int NCPU { get; set; }
    public long MemTotal { get; set; }
    public string? Driver { get; set; }
    public string? CgroupDriver { get; set; }
    public string? CgroupVersion { get; set; }
    public string? LoggingDriver { get; set; }
    public string? DockerRootDir { get; set; }
    public int Containers { get; set; }
    public int ContainersRunning { get; set; }
    public int ContainersPaused { get; set; }
    public int ContainersStopped { get; set; }
    public int Images { get; set; }
    public string? DefaultRuntime { get; set; }
    public Dictionary<string, RuntimeInfo>? Runtimes { get; set; }
    public SwarmInfo? Swarm { get; set; }
    public List<string>? Warnings { get; set; }

    /// <summary>True when the engine has a runtime named <c>nvidia</c> (the NVIDIA Container Toolkit is installed).</summary>
    [JsonIgnore]
    public bool HasNvidiaRuntime => Runtimes?.Keys.Any(k => k.Equals("nvidia", StringComparison.OrdinalIgnoreCase)) ?? false;

    /// <summary>True when this engine is part of an active swarm.</summary>
    [JsonIgnore]
    public bool IsSwarmActive => string.Equals(Swarm?.LocalNodeState, "active", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An OCI runtime the engine can use.</summary>
public sealed class RuntimeInfo
{
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("runtimeArgs")]
    public List<string>? RuntimeArgs { get; set; }
}

/// <summary>This engine's swarm membership.</summary>
public sealed class SwarmInfo
{
    /// <summary><c>inactive</c>, <c>pending</c>, <c>active</c>, <c>error</c> or <c>locked</c>.</summary>
    public string? LocalNodeState { get; set; }
    public string? NodeID { get; set; }
    public string? NodeAddr { get; set; }
    public bool ControlAvailable { get; set; }
    public string? Error { get; set; }
}
