using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.Web.Live;

/// <summary>Server-sent log line, as the Hub sends it: <c>{"data":"&lt;line&gt;","timestamp":"&lt;iso&gt;"}</c> (empty data = keep-alive).</summary>
public sealed record SseLogLine(string Data, DateTime Timestamp);

/// <summary>Server-sent stage change: <c>{"stage","reason","errorMessage","timestamp"}</c>.</summary>
public sealed record SseStage(string Stage, string Reason, string? ErrorMessage, DateTime Timestamp);

/// <summary>Server-sent metrics sample: <c>{"cpu","memory","memoryLimit","timestamp"}</c>.</summary>
public sealed record SseMetrics(double Cpu, long Memory, long MemoryLimit, DateTime Timestamp);

/// <summary>JSON of the live streams (hub items and SSE payloads).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StageEvent))]
[JsonSerializable(typeof(LogEvent))]
[JsonSerializable(typeof(MetricsEvent))]
[JsonSerializable(typeof(SpaceStateEvent))]
[JsonSerializable(typeof(SseLogLine))]
[JsonSerializable(typeof(SseStage))]
[JsonSerializable(typeof(SseMetrics))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
