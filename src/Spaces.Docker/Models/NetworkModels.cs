namespace Spaces.Docker.Models;

/// <summary>Body of <c>POST /networks/create</c>.</summary>
public sealed class NetworkCreateParameters
{
    public string Name { get; set; } = "";

    /// <summary>Default <c>bridge</c>.</summary>
    public string Driver { get; set; } = "bridge";

    /// <summary>Refuse to create a second network with the same name. Default true.</summary>
    public bool CheckDuplicate { get; set; } = true;

    /// <summary>No external connectivity; note such a network cannot publish ports.</summary>
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public bool EnableIPv6 { get; set; }

    /// <summary>
    /// Driver options, e.g. <c>com.docker.network.bridge.enable_ip_masquerade=false</c> (no egress) and
    /// <c>com.docker.network.bridge.enable_icc=false</c> (no neighbours). See <see cref="BridgeOptions"/>.
    /// </summary>
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>Well-known bridge driver options.</summary>
public static class BridgeOptions
{
    /// <summary>"false" stops NAT to the outside: containers on the network have no egress.</summary>
    public const string EnableIpMasquerade = "com.docker.network.bridge.enable_ip_masquerade";

    /// <summary>"false" stops containers on the network from talking to each other.</summary>
    public const string EnableIcc = "com.docker.network.bridge.enable_icc";

    /// <summary>Default host address for published ports.</summary>
    public const string HostBindingIpv4 = "com.docker.network.bridge.host_binding_ipv4";
}

/// <summary>The engine's answer to <c>POST /networks/create</c>.</summary>
public sealed class NetworkCreateResponse
{
    public string Id { get; set; } = "";
    public string? Warning { get; set; }
}

/// <summary>A network as inspected or listed.</summary>
public sealed class NetworkResponse
{
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public string? Scope { get; set; }
    public string? Driver { get; set; }
    public bool EnableIPv6 { get; set; }
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public Dictionary<string, NetworkContainer>? Containers { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>A container attached to a network.</summary>
public sealed class NetworkContainer
{
    public string? Name { get; set; }
    public string? EndpointID { get; set; }
    public string? MacAddress { get; set; }
    public string? IPv4Address { get; set; }
}

/// <summary>Body of <c>POST /networks/{id}/connect</c>.</summary>
public sealed class NetworkConnectParameters
{
    public string Container { get; set; } = "";
    public EndpointSettings? EndpointConfig { get; set; }
}

/// <summary>Body of <c>POST /networks/{id}/disconnect</c>.</summary>
public sealed class NetworkDisconnectParameters
{
    public string Container { get; set; } = "";
    public bool Force { get; set; }
}
