namespace Spaces.Docker;

/// <summary>A client for one Docker engine, its operations grouped by what they act on.</summary>
public interface IDockerClient : IDisposable
{
    /// <summary>The engine itself: ping, version, info, events.</summary>
    ISystemOperations System { get; }

    /// <summary>Images: build, inspect, list, tag, remove, prune, import.</summary>
    IImageOperations Images { get; }

    /// <summary>Containers: create, start, stop, inspect, logs, stats...</summary>
    IContainerOperations Containers { get; }

    /// <summary>Networks.</summary>
    INetworkOperations Networks { get; }

    /// <summary>Named volumes.</summary>
    IVolumeOperations Volumes { get; }

    /// <summary>The engine address in use, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    string Endpoint { get; }
}
