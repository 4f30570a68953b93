using System.Net;

namespace Spaces.Docker;

/// <summary>The engine answered 409 Conflict: e.g. a name already in use, or a container that is not running.</summary>
public sealed class DockerConflictException : DockerException
{
    /// <summary>Creates the error from the engine's message.</summary>
    public DockerConflictException(string engineMessage, Exception? innerException = null)
        : base(HttpStatusCode.Conflict, engineMessage, null, innerException)
    {
    }
}
