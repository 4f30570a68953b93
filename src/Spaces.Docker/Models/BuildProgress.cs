using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>One JSON object of a build (or import) stream: output text, a status line, the built image id, or an error.</summary>
public sealed class BuildProgress
{
    /// <summary>Build output text, usually ending in a newline (e.g. <c>Step 2/3 : RUN make\n</c>).</summary>
    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progress")]
    public string? Progress { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Set when the build failed; the engine still answered HTTP 200.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("errorDetail")]
    public ErrorDetail? ErrorDetail { get; set; }

    /// <summary>Auxiliary data; for a finished build <c>{"ID":"sha256:..."}</c>.</summary>
    [JsonPropertyName("aux")]
    public JsonElement? Aux { get; set; }

    /// <summary>True when this object reports a failure.</summary>
    [JsonIgnore]
    public bool IsError => Error is not null || ErrorDetail?.Message is not null;

    /// <summary>The failure message, preferring the detailed one.</summary>
    [JsonIgnore]
    public string? ErrorMessage => ErrorDetail?.Message ?? Error;

    /// <summary>The image id carried by an <c>aux</c> object, if this is one.</summary>
    [JsonIgnore]
    public string? ImageId =>
        Aux is { ValueKind: JsonValueKind.Object } aux && aux.TryGetProperty("ID", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}

/// <summary>Details of a stream error.</summary>
public sealed class ErrorDetail
{
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
