using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>
/// Turns YAML nodes into plain CLR values: null, bool, long, double, string, <see cref="IReadOnlyList{T}"/> of values and
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to value. A budget bounds the work, so aliases repeated
/// into an exponential tree ("billion laughs") end in an error instead of exhausting memory.
/// </summary>
internal sealed class FrontMatterValues
{
    /// <summary>Most values (scalars, lists and mappings, aliases counted each time they are used) one front matter may hold.</summary>
    public const int MaxValues = 10_000;

    private const int MaxDepth = 64;

    private int _remaining = MaxValues;

    private FrontMatterValues()
    {
    }

    /// <summary>Every key of <paramref name="root"/> with its value; empty, with an error added, when the budget runs out.</summary>
    public static IReadOnlyDictionary<string, object?> Convert(YamlMappingNode root, List<ConfigError> errors)
    {
        var converter = new FrontMatterValues();
        var values = converter.ConvertMapping(root, 0);
        if (values is null)
        {
            errors.Add(new ConfigError(
                FrontMatterYaml.DocumentKey,
                $"the front matter holds more than {MaxValues} values or nests deeper than {MaxDepth} levels once aliases are expanded"));
            return new Dictionary<string, object?>().AsReadOnly();
        }

        return values;
    }

    /// <summary>
    /// The value of one node of a document whose root already went through <see cref="Convert"/> (so within the budget).
    /// </summary>
    public static object? ConvertPart(YamlNode node) => new FrontMatterValues().ConvertNode(node, 0, out _);

    private object? ConvertNode(YamlNode node, int depth, out bool ok)
    {
        ok = --_remaining >= 0 && depth <= MaxDepth;
        if (!ok)
        {
            return null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return YamlScalars.ToValue(scalar);
            case YamlSequenceNode sequence:
                var items = new List<object?>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    items.Add(ConvertNode(child, depth + 1, out ok));
                    if (!ok)
                    {
                        return null;
                    }
                }

                return items.AsReadOnly();
            case YamlMappingNode mapping:
                var values = ConvertMapping(mapping, depth);
                ok = values is not null;
                return values;
            default:
                return null;
        }
    }

    private IReadOnlyDictionary<string, object?>? ConvertMapping(YamlMappingNode mapping, int depth)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            // Keys are scalars: FrontMatterYaml refuses any other key before the document is loaded.
            var name = (key as YamlScalarNode)?.Value ?? "";
            values[name] = ConvertNode(value, depth + 1, out var ok);
            if (!ok)
            {
                return null;
            }
        }

        return values.AsReadOnly();
    }
}
