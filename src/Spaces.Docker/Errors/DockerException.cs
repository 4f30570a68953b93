using System.Net;

namespace Spaces.Docker;

/// <summary>An error answered by the Docker engine (or met while talking to it), with the engine's own message.</summary>
public class DockerException : Exception
{
    /// <summary>Creates an error for an engine answer.</summary>
    /// <param name="statusCode">The HTTP status the engine answered (0 when no answer was received).</param>
    /// <param name="engineMessage">The engine's message, as it sent it.</param>
    /// <param name="message">The message shown to people; defaults to the engine's message.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DockerException(HttpStatusCode statusCode, string engineMessage, string? message = null, Exception? innerException = null)
        : base(message ?? engineMessage, innerException)
    {
        StatusCode = statusCode;
        EngineMessage = engineMessage;
    }

    /// <summary>The HTTP status the engine answered; 0 when no answer was received.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The engine's message (the <c>message</c> field of its error body, or the raw body).</summary>
    public string EngineMessage { get; }
}
