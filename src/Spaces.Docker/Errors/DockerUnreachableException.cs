namespace Spaces.Docker;

/// <summary>The engine could not be reached at all: no socket, nothing listening, or the host is down.</summary>
public sealed class DockerUnreachableException : DockerException
{
    /// <summary>Creates the error naming the endpoint and the reason.</summary>
    /// <param name="endpoint">The engine address tried, e.g. <c>unix:///var/run/docker.sock</c>.</param>
    /// <param name="reason">Why the connection failed.</param>
    /// <param name="innerException">The socket error.</param>
    public DockerUnreachableException(string endpoint, string reason, Exception? innerException = null)
        : base(0, reason,
            $"Cannot reach the Docker engine at {endpoint}: {reason}. Start it with `dockerd` (scripts/run does this) or set DOCKER_HOST.",
            innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The engine address that could not be reached.</summary>
    public string Endpoint { get; }
}
