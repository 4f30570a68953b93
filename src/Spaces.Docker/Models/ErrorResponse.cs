using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>The engine's error body: <c>{"message": "..."}</c>.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
