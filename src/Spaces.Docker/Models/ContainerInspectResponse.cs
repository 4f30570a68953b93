using System.Globalization;

namespace Spaces.Docker.Models;

/// <summary>The engine's answer to <c>GET /containers/{id}/json</c>.</summary>
public sealed class ContainerInspectResponse
{
    public string Id { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public string? Path { get; set; }
    public List<string>? Args { get; set; }
    public ContainerState? State { get; set; }
    public string? Image { get; set; }
    public string? Name { get; set; }
    public int RestartCount { get; set; }
    public string? Driver { get; set; }
    public string? LogPath { get; set; }
    public List<MountPoint>? Mounts { get; set; }
    public ContainerConfig? Config { get; set; }
    public HostConfig? HostConfig { get; set; }
    public NetworkSettings? NetworkSettings { get; set; }

    /// <summary>
    /// The host port a container port is published on, e.g. <c>GetPublishedPort("7860/tcp")</c>; for a port published on
    /// several host addresses, the one on <paramref name="hostIp"/> (default 127.0.0.1) wins, else the first. Null when not published.
    /// </summary>
    public int? GetPublishedPort(string containerPort, string? hostIp = "127.0.0.1")
    {
        ArgumentException.ThrowIfNullOrEmpty(containerPort);
        var key = containerPort.Contains('/', StringComparison.Ordinal) ? containerPort : containerPort + "/tcp";
        if (NetworkSettings?.Ports is not { } ports || !ports.TryGetValue(key, out var bindings) || bindings is not { Count: > 0 })
        {
            return null;
        }
        var binding = bindings.FirstOrDefault(b => hostIp is not null && b.HostIp == hostIp) ?? bindings[0];
        return int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0 ? port : null;
    }
}

/// <summary>A container's run state.</summary>
public sealed class ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</summary>
    public string? Status { get; set; }
    public bool Running { get; set; }
    public bool Paused { get; set; }
    public bool Restarting { get; set; }

    /// <summary>True when the kernel's OOM killer killed the process (memory limit exceeded).</summary>
    public bool OOMKilled { get; set; }
    public bool Dead { get; set; }
    public int Pid { get; set; }
    public int ExitCode { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public ContainerHealth? Health { get; set; }
}

/// <summary>Health check results.</summary>
public sealed class ContainerHealth
{
    /// <summary><c>none</c>, <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>.</summary>
    public string? Status { get; set; }
    public int FailingStreak { get; set; }
    public List<HealthcheckResult>? Log { get; set; }
}

/// <summary>One health probe.</summary>
public sealed class HealthcheckResult
{
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public int ExitCode { get; set; }
    public string? Output { get; set; }
}

/// <summary>A container's networking as the engine reports it.</summary>
public sealed class NetworkSettings
{
    /// <summary>Published ports: container port (<c>7860/tcp</c>) to host bindings; null value when exposed but not published.</summary>
    public Dictionary<string, List<PortBinding>?>? Ports { get; set; }
    public Dictionary<string, EndpointSettings>? Networks { get; set; }
    public string? SandboxKey { get; set; }
}

/// <summary>A container's membership of one network.</summary>
public sealed class EndpointSettings
{
    public List<string>? Aliases { get; set; }
    public string? NetworkID { get; set; }
    public string? EndpointID { get; set; }
    public string? Gateway { get; set; }
    public string? IPAddress { get; set; }
    public string? MacAddress { get; set; }
}

/// <summary>A mount as inspected.</summary>
public sealed class MountPoint
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Source { get; set; }
    public string? Destination { get; set; }
    public string? Driver { get; set; }
    public string? Mode { get; set; }
    public bool RW { get; set; }
}
