using Spaces.Docker.Containers;
using Spaces.Docker.Engine;
using Spaces.Docker.Images;
using Spaces.Docker.Networks;
using Spaces.Docker.Transport;
using Spaces.Docker.Volumes;

namespace Spaces.Docker;

/// <summary>
/// The Docker Engine API client: HTTP/1.1 over the unix socket (or TCP), API version negotiated on first use, every call
/// cancellable, no overall timeout. Thread-safe; create one per engine and share it.
/// </summary>
public sealed class DockerClient : IDockerClient
{
    private readonly DockerTransport _transport;

    /// <summary>Creates a client for the engine the options name (default: <c>DOCKER_HOST</c>, else the local socket).</summary>
    /// <exception cref="ArgumentException">The host is not a <c>unix://</c> or <c>tcp://</c> address.</exception>
    public DockerClient(DockerClientOptions options)
    {
        _transport = new DockerTransport(options);
        System = new SystemOperations(_transport);
        Images = new ImageOperations(_transport);
        Containers = new ContainerOperations(_transport);
        Networks = new NetworkOperations(_transport);
        Volumes = new VolumeOperations(_transport);
    }

    /// <summary>Creates a client with default options.</summary>
    public DockerClient()
        : this(new DockerClientOptions())
    {
    }

    /// <inheritdoc />
    public ISystemOperations System { get; }

    /// <inheritdoc />
    public IImageOperations Images { get; }

    /// <inheritdoc />
    public IContainerOperations Containers { get; }

    /// <inheritdoc />
    public INetworkOperations Networks { get; }

    /// <inheritdoc />
    public IVolumeOperations Volumes { get; }

    /// <inheritdoc />
    public string Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
