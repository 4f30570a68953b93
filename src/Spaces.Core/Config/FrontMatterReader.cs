using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>
/// Reads the keys of one YAML mapping by hand, one typed accessor per key, adding a <see cref="ConfigError"/> for each
/// wrong value instead of stopping at the first. Keys not read are what <see cref="Remaining"/> returns.
/// </summary>
internal sealed class FrontMatterReader
{
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly string _path;

    /// <summary>Reads <paramref name="mapping"/>, whose keys are reported under <paramref name="path"/> (empty at the top).</summary>
    public FrontMatterReader(YamlMappingNode mapping, List<ConfigError> errors, string path = "")
    {
        Errors = errors;
        _path = path;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _values[name] = value;
            }
        }
    }

    /// <summary>Where errors go.</summary>
    public List<ConfigError> Errors { get; }

    /// <summary>The key as reported: <c>inference.preprocessing.mean</c> for <c>mean</c> under that path.</summary>
    public string PathOf(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    /// <summary>Adds an error for <paramref name="key"/> of this mapping at <paramref name="node"/>.</summary>
    public void Error(string key, YamlNode? node, string reason) => Errors.Report(PathOf(key), node, reason);

    /// <summary>Marks <paramref name="key"/> as read and returns its value; null when absent or null in YAML.</summary>
    public YamlNode? Take(string key)
    {
        _taken.Add(key);
        return _values.TryGetValue(key, out var node) && !YamlScalars.IsNull(node) ? node : null;
    }

    /// <summary>Any scalar as text (<c>title: 2048</c> is the title "2048"); null when absent, null or blank.</summary>
    public string? String(string key)
    {
        var node = Take(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(key, node, $"expected a string, got {YamlScalars.Describe(node)}");
            return null;
        }

        return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value;
    }

    /// <summary>A plain <c>true</c> or <c>false</c>; null when absent.</summary>
    public bool? Bool(string key)
    {
        var node = Take(key);
        if (node is null)
        {
            return null;
        }

        if (YamlScalars.TryGetBoolean(node, out var value))
        {
            return value;
        }

        Error(key, node, $"expected true or false, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>A plain integer in <paramref name="min"/>..<paramref name="max"/>; null when absent.</summary>
    public int? Int(string key, int min, int max) =>
        Int(key, value => value >= min && value <= max, $"an integer between {min} and {max}");

    /// <summary>A plain integer that <paramref name="accept"/> takes, described by <paramref name="expected"/> in errors; null when absent.</summary>
    public int? Int(string key, Func<long, bool> accept, string expected)
    {
        var node = Take(key);
        if (node is null)
        {
            return null;
        }

        if (YamlScalars.TryGetInteger(node, out var value) && value is >= int.MinValue and <= int.MaxValue && accept(value))
        {
            return (int)value;
        }

        Error(key, node, $"expected {expected}, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>
    /// A list of scalars as strings; each item is checked by <paramref name="check"/> (null = fine, otherwise the reason).
    /// Empty when absent; wrong items are reported as <c>key[i]</c> and left out.
    /// </summary>
    public IReadOnlyList<string> StringList(string key, Func<string, string?>? check = null)
    {
        var node = Take(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(key, node, $"expected a list of strings, got {YamlScalars.Describe(node)}");
            return [];
        }

        return ReadStrings(PathOf(key), sequence, check);
    }

    /// <summary>Strings of <paramref name="sequence"/>, reported under <paramref name="path"/><c>[i]</c>.</summary>
    public List<string> ReadStrings(string path, YamlSequenceNode sequence, Func<string, string?>? check)
    {
        var items = new List<string>(sequence.Children.Count);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            if (item is not YamlScalarNode { Value: { } text } || YamlScalars.IsNull(item) || string.IsNullOrWhiteSpace(text))
            {
                Errors.Report($"{path}[{index}]", item, $"expected a string, got {YamlScalars.Describe(item)}");
                continue;
            }

            var problem = check?.Invoke(text);
            if (problem is not null)
            {
                Errors.Report($"{path}[{index}]", item, problem);
                continue;
            }

            items.Add(text);
        }

        return items;
    }

    /// <summary>A nested mapping; null when absent, or (with an error) when the value is not a mapping.</summary>
    public YamlMappingNode? Mapping(string key)
    {
        var node = Take(key);
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        Error(key, node, $"expected a mapping of keys to values, got {YamlScalars.Describe(node)}");
        return null;
    }

    /// <summary>The keys never read, with their plain values (see <see cref="FrontMatterValues"/>), in document order.</summary>
    public IReadOnlyDictionary<string, object?> Remaining() =>
        _values.Where(pair => !_taken.Contains(pair.Key))
            .ToDictionary(pair => pair.Key, pair => FrontMatterValues.ConvertPart(pair.Value), StringComparer.Ordinal)
            .AsReadOnly();
}
