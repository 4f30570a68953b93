using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spaces.Docker.Models;

namespace Spaces.Docker.Transport;

/// <summary>Builds the query part of an engine URL; values are escaped, absent values are left out.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _builder = new();

    public bool IsEmpty => _builder.Length == 0;

    public QueryString Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        _builder.Append(_builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string name, bool? value) => value is null ? this : Add(name, value.Value ? "1" : "0");

    /// <summary>Adds a flag only when it is true (the engine's default for all flags used this way is false).</summary>
    public QueryString AddIfTrue(string name, bool value) => value ? Add(name, "1") : this;

    public QueryString Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public QueryString AddJson<T>(string name, T? value, JsonTypeInfo<T> typeInfo)
        where T : class =>
        value is null ? this : Add(name, JsonSerializer.Serialize(value, typeInfo));

    public QueryString AddFilters(DockerFilters? filters) =>
        filters is null || filters.IsEmpty ? this : Add("filters", filters.ToJson());

    public override string ToString() => _builder.ToString();
}
