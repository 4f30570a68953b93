using System.Net;

namespace Spaces.Docker;

/// <summary>The engine answered 404 Not Found: the container, image, network or volume does not exist.</summary>
public sealed class DockerNotFoundException : DockerException
{
    /// <summary>Creates the error from the engine's message.</summary>
    public DockerNotFoundException(string engineMessage, Exception? innerException = null)
        : base(HttpStatusCode.NotFound, engineMessage, null, innerException)
    {
    }
}
