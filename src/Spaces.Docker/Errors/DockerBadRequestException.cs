using System.Net;

namespace Spaces.Docker;

/// <summary>The engine answered 400 Bad Request: the engine rejected the parameters (e.g. an invalid image reference).</summary>
public sealed class DockerBadRequestException : DockerException
{
    /// <summary>Creates the error from the engine's message.</summary>
    public DockerBadRequestException(string engineMessage, Exception? innerException = null)
        : base(HttpStatusCode.BadRequest, engineMessage, null, innerException)
    {
    }
}
