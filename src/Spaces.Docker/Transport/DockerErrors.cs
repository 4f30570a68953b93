using System.Net;
using System.Text.Json;
using Spaces.Docker.Models;

namespace Spaces.Docker.Transport;

/// <summary>Turns the engine's error answers into typed exceptions carrying its message.</summary>
internal static class DockerErrors
{
    public static DockerException FromResponse(HttpStatusCode status, string body)
    {
        var message = ReadMessage(body);
        if (message.Length == 0)
        {
            message = $"the engine answered {(int)status} {status} with no message";
        }
        if (IsGpuRefusal(message))
        {
            return new DockerGpuUnavailableException(status, message);
        }
        return status switch
        {
            HttpStatusCode.NotFound => new DockerNotFoundException(message),
            HttpStatusCode.Conflict => new DockerConflictException(message),
            HttpStatusCode.BadRequest => new DockerBadRequestException(message),
            >= HttpStatusCode.InternalServerError => new DockerServerException(status, message),
            _ => new DockerException(status, message),
        };
    }

    /// <summary>The engine refuses GPU device requests with "could not select device driver ... capabilities: [[gpu]]".</summary>
    public static bool IsGpuRefusal(string message) =>
        message.Contains("could not select device driver", StringComparison.OrdinalIgnoreCase)
        && message.Contains("gpu", StringComparison.OrdinalIgnoreCase);

    private static string ReadMessage(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                var error = JsonSerializer.Deserialize(trimmed, DockerJsonContext.Default.ErrorResponse);
                if (!string.IsNullOrEmpty(error?.Message))
                {
                    return error.Message;
                }
            }
            catch (JsonException)
            {
                // Not the usual {"message": ...} body: show it as it came.
            }
        }
        return trimmed;
    }
}
