using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.Web.Health;

/// <summary>The JSON body of <c>/readyz</c>: overall status, each check, and the names of those failing.</summary>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks, IReadOnlyList<string> Failing);

/// <summary>One readiness check's outcome.</summary>
public sealed record ReadinessCheck(string Status, string? Description, double DurationMs);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
