using System.Net;

namespace Spaces.Docker;

/// <summary>A stream from the engine broke its framing: it ended inside a frame or JSON object, or held malformed data.</summary>
public sealed class DockerStreamException : DockerException
{
    /// <summary>Creates the error with a description of what was wrong.</summary>
    public DockerStreamException(string message, Exception? innerException = null)
        : base(HttpStatusCode.OK, message, null, innerException)
    {
    }
}
