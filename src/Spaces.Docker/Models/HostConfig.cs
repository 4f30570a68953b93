namespace Spaces.Docker.Models;

/// <summary>How a container sits on the host: resources, security, ports, network, mounts, restarts, logging, devices.</summary>
public sealed class HostConfig
{
    /// <summary>Memory limit in bytes (0 = none).</summary>
    public long Memory { get; set; }

    /// <summary>Memory plus swap in bytes; equal to <see cref="Memory"/> means no swap; -1 unlimited swap.</summary>
    public long MemorySwap { get; set; }

    public long MemoryReservation { get; set; }

    /// <summary>CPU quota in units of 1e-9 CPUs (1.5 CPUs = 1_500_000_000).</summary>
    public long NanoCpus { get; set; }

    public long CpuShares { get; set; }

    /// <summary>Maximum number of processes; null = engine default, -1 or 0 = unlimited.</summary>
    public long? PidsLimit { get; set; }

    public bool? OomKillDisable { get; set; }
    public List<string>? CapAdd { get; set; }

    /// <summary>Capabilities to drop, e.g. <c>["ALL"]</c>.</summary>
    public List<string>? CapDrop { get; set; }

    /// <summary>Security options, e.g. <c>["no-new-privileges"]</c>.</summary>
    public List<string>? SecurityOpt { get; set; }

    public bool ReadonlyRootfs { get; set; }

    /// <summary>tmpfs mounts: path to mount options, e.g. <c>{"/tmp": "rw,size=64m"}</c>.</summary>
    public Dictionary<string, string>? Tmpfs { get; set; }

    /// <summary>Published ports: <c>{"7860/tcp": [{"HostIp":"127.0.0.1","HostPort":""}]}</c>; an empty HostPort lets the engine choose.</summary>
    public Dictionary<string, List<PortBinding>>? PortBindings { get; set; }

    public bool PublishAllPorts { get; set; }

    /// <summary><c>bridge</c>, <c>none</c>, <c>host</c>, <c>container:ID</c> or a network name.</summary>
    public string? NetworkMode { get; set; }

    /// <summary>Bind mounts as <c>source:target[:ro]</c>.</summary>
    public List<string>? Binds { get; set; }

    public List<Mount>? Mounts { get; set; }
    public RestartPolicy? RestartPolicy { get; set; }
    public LogConfig? LogConfig { get; set; }

    /// <summary>Device requests; GPUs are <c>{"Driver":"nvidia","Count":-1,"Capabilities":[["gpu"]]}</c>.</summary>
    public List<DeviceRequest>? DeviceRequests { get; set; }

    public bool AutoRemove { get; set; }
    public bool Privileged { get; set; }
    public bool? Init { get; set; }
    public long ShmSize { get; set; }
    public List<string>? ExtraHosts { get; set; }
    public List<string>? Dns { get; set; }
    public List<Ulimit>? Ulimits { get; set; }
    public string? IpcMode { get; set; }
    public string? PidMode { get; set; }
    public string? UsernsMode { get; set; }
    public Dictionary<string, string>? Sysctls { get; set; }
}

/// <summary>A host address and port a container port is published on.</summary>
public sealed class PortBinding
{
    /// <summary>Host interface, e.g. <c>127.0.0.1</c>.</summary>
    public string? HostIp { get; set; }

    /// <summary>Host port; empty when creating means "the engine chooses".</summary>
    public string? HostPort { get; set; }
}

/// <summary>A mount into the container.</summary>
public sealed class Mount
{
    /// <summary><c>bind</c>, <c>volume</c> or <c>tmpfs</c>.</summary>
    public string? Type { get; set; }
    public string? Source { get; set; }
    public string? Target { get; set; }
    public bool ReadOnly { get; set; }
    public string? Consistency { get; set; }
    public VolumeOptions? VolumeOptions { get; set; }
    public TmpfsOptions? TmpfsOptions { get; set; }
}

/// <summary>Options of a <c>volume</c> mount.</summary>
public sealed class VolumeOptions
{
    public bool NoCopy { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>Options of a <c>tmpfs</c> mount.</summary>
public sealed class TmpfsOptions
{
    public long SizeBytes { get; set; }
    public int Mode { get; set; }
}

/// <summary>When the engine restarts the container.</summary>
public sealed class RestartPolicy
{
    /// <summary><c>""</c>/<c>no</c>, <c>always</c>, <c>unless-stopped</c> or <c>on-failure</c>.</summary>
    public string? Name { get; set; }
    public int MaximumRetryCount { get; set; }
}

/// <summary>The container's log driver.</summary>
public sealed class LogConfig
{
    /// <summary>e.g. <c>json-file</c> or <c>local</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Driver options, e.g. <c>{"max-size":"10m","max-file":"3"}</c>.</summary>
    public Dictionary<string, string>? Config { get; set; }
}

/// <summary>A request for devices (GPUs) from a device driver.</summary>
public sealed class DeviceRequest
{
    /// <summary>e.g. <c>nvidia</c>; empty lets the engine pick a driver by capability.</summary>
    public string? Driver { get; set; }

    /// <summary>Number of devices; -1 = all.</summary>
    public int Count { get; set; }

    public List<string>? DeviceIDs { get; set; }

    /// <summary>Alternatives of capability sets, e.g. <c>[["gpu"]]</c>.</summary>
    public List<List<string>>? Capabilities { get; set; }

    public Dictionary<string, string>? Options { get; set; }
}

/// <summary>A resource limit (<c>nofile</c>, <c>nproc</c>...).</summary>
public sealed class Ulimit
{
    public string? Name { get; set; }
    public long Soft { get; set; }
    public long Hard { get; set; }
}
