using System.Text.Json;

namespace Spaces.Docker.Models;

/// <summary>
/// Engine list/prune/events filters, sent as <c>filters={"label":["k=v"],"type":["container"]}</c>.
/// Values under one key are alternatives (OR) except <c>label</c>, where all must hold (AND), as the engine defines.
/// </summary>
public sealed class DockerFilters
{
    private readonly SortedDictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    /// <summary>True when no filter was added.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>The filters added so far, by key.</summary>
    public IReadOnlyDictionary<string, List<string>> Values => _values;

    /// <summary>Adds a value under a key, e.g. <c>Add("type", "container")</c>.</summary>
    public DockerFilters Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryGetValue(key, out var list))
        {
            list = [];
            _values[key] = list;
        }
        if (!list.Contains(value))
        {
            list.Add(value);
        }
        return this;
    }

    /// <summary>Requires a label: <c>key</c> present, or <c>key=value</c> when a value is given.</summary>
    public DockerFilters Label(string key, string? value = null) => Add("label", value is null ? key : $"{key}={value}");

    /// <summary>Starts a filter set requiring the given label.</summary>
    public static DockerFilters ByLabel(string key, string? value = null) => new DockerFilters().Label(key, value);

    internal string ToJson()
    {
        var copy = new Dictionary<string, List<string>>(_values, StringComparer.Ordinal);
        return JsonSerializer.Serialize(copy, DockerJsonContext.Default.DictionaryStringListString);
    }
}
