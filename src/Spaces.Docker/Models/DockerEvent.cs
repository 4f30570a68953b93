using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>One event from <c>GET /events</c>.</summary>
public sealed class DockerEvent
{
    /// <summary><c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>, <c>daemon</c>...</summary>
    public string? Type { get; set; }

    /// <summary>What happened: <c>create</c>, <c>start</c>, <c>die</c>, <c>oom</c>, <c>stop</c>, <c>destroy</c>, <c>health_status: healthy</c>...</summary>
    public string? Action { get; set; }

    public EventActor? Actor { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    /// <summary>Unix time in seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; set; }

    /// <summary>Unix time in nanoseconds.</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; set; }

    /// <summary>Legacy field: the action for container events.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Legacy field: the object's id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Legacy field: the container's image.</summary>
    [JsonPropertyName("from")]
    public string? From { get; set; }

    /// <summary>When the event happened.</summary>
    [JsonIgnore]
    public DateTimeOffset Timestamp => TimeNano > 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);
}

/// <summary>The object an event is about.</summary>
public sealed class EventActor
{
    public string? ID { get; set; }

    /// <summary>The object's labels and other attributes (<c>name</c>, <c>image</c>, <c>exitCode</c>...).</summary>
    public Dictionary<string, string>? Attributes { get; set; }
}
