using System.Net;

namespace Spaces.Docker;

/// <summary>
/// The engine refused a GPU <c>DeviceRequest</c>: no driver can give the container a GPU on this host
/// (the engine says <c>could not select device driver "" with capabilities: [[gpu]]</c>).
/// </summary>
public sealed class DockerGpuUnavailableException : DockerException
{
    /// <summary>Creates the error from the engine's status and message.</summary>
    public DockerGpuUnavailableException(HttpStatusCode statusCode, string engineMessage, Exception? innerException = null)
        : base(statusCode, engineMessage,
            $"The Docker engine cannot give this container a GPU: {engineMessage}. " +
            "Install the NVIDIA Container Toolkit on the host, or run without GPU hardware.",
            innerException)
    {
    }
}
