using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>Body of <c>POST /containers/create</c>: the container config plus host and network config.</summary>
public sealed class CreateContainerParameters : ContainerConfig
{
    /// <summary>Container name (sent in the query). Default null: the engine makes one up.</summary>
    [JsonIgnore]
    public string? Name { get; set; }

    public HostConfig? HostConfig { get; set; }
    public NetworkingConfig? NetworkingConfig { get; set; }
}

/// <summary>Networks to connect at creation.</summary>
public sealed class NetworkingConfig
{
    public Dictionary<string, EndpointSettings>? EndpointsConfig { get; set; }
}

/// <summary>The engine's answer to <c>POST /containers/create</c>.</summary>
public sealed class CreateContainerResponse
{
    public string ID { get; set; } = "";
    public List<string>? Warnings { get; set; }
}
