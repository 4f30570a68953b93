using System.Net;

namespace Spaces.Docker;

/// <summary>The engine answered with a 5xx status: it failed to do what was asked.</summary>
public sealed class DockerServerException : DockerException
{
    /// <summary>Creates the error from the engine's status and message.</summary>
    public DockerServerException(HttpStatusCode statusCode, string engineMessage, Exception? innerException = null)
        : base(statusCode, engineMessage, null, innerException)
    {
    }
}
