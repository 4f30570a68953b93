using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>
/// Loads front matter YAML into YamlDotNet's representation model without ever throwing on user input.
/// A first pass over the parser's events refuses what the representation model would handle badly:
/// deep nesting, aliases to their own ancestors (cycles) and non-scalar keys.
/// </summary>
internal static class FrontMatterYaml
{
    /// <summary>The key under which problems of the document as a whole are reported.</summary>
    public const string DocumentKey = "README.md";

    /// <summary>Deepest nesting of lists and mappings accepted; real front matter uses three or four levels.</summary>
    public const int MaxDepth = 32;

    // The YAML's line 1 is README.md's line 2 (after the opening '---').
    private const int LineOffset = 1;

    /// <summary>The root mapping (empty for empty front matter), or null after adding the reasons to <paramref name="errors"/>.</summary>
    public static YamlMappingNode? Load(string yaml, List<ConfigError> errors)
    {
        if (!Inspect(yaml, errors))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            errors.Add(Malformed(exception.Message, exception.Start));
            return null;
        }
        catch (Exception exception)
        {
            // User input must never escape as an exception, whatever YamlDotNet throws.
            errors.Add(new ConfigError(DocumentKey, $"malformed YAML: {exception.Message}"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        if (stream.Documents.Count > 1)
        {
            errors.Report(DocumentKey, stream.Documents[1].RootNode, "the front matter must be a single YAML document (remove the '...' line)");
            return null;
        }

        return stream.Documents[0].RootNode switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode scalar when YamlScalars.IsNull(scalar) => new YamlMappingNode(),
            var other => Refuse(other, errors),
        };
    }

    /// <summary>Adds an error about <paramref name="node"/> (its position when it has one).</summary>
    public static void Report(this List<ConfigError> errors, string key, YamlNode? node, string reason)
    {
        if (node is null || node.Start.Line <= 0)
        {
            errors.Add(new ConfigError(key, reason));
            return;
        }

        errors.Add(new ConfigError(key, reason, ToLine(node.Start.Line), ToColumn(node.Start.Column)));
    }

    private static YamlMappingNode? Refuse(YamlNode root, List<ConfigError> errors)
    {
        errors.Report(DocumentKey, root, $"the front matter must be a mapping of keys to values, got {YamlScalars.Describe(root)}");
        return null;
    }

    // Walks the parser's events (an explicit state machine, so deep input cannot overflow the stack) and checks the shape.
    private static bool Inspect(string yaml, List<ConfigError> errors)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Collection>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                if (current is SequenceEnd or MappingEnd)
                {
                    open.Pop();
                    continue;
                }

                if (current is not (NodeEvent or AnchorAlias))
                {
                    continue;
                }

                if (open.TryPeek(out var parent) && parent.IsMapping)
                {
                    if (parent.ExpectsKey && current is not Scalar)
                    {
                        errors.Add(At(current.Start, "only plain keys are supported, not lists, mappings or aliases as keys"));
                        return false;
                    }

                    parent.ExpectsKey = !parent.ExpectsKey;
                }

                if (current is AnchorAlias unknown && !anchors.Contains(unknown.Value.Value))
                {
                    errors.Add(At(current.Start, $"the alias *{unknown.Value.Value} refers to no anchor &{unknown.Value.Value} defined before it"));
                    return false;
                }

                if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
                {
                    anchors.Add(anchored.Anchor.Value);
                }

                if (current is AnchorAlias alias && open.Any(collection => collection.Anchor == alias.Value.Value))
                {
                    errors.Add(At(current.Start, $"the alias *{alias.Value.Value} refers to a list or mapping that contains it"));
                    return false;
                }

                if (current is SequenceStart or MappingStart)
                {
                    var node = (NodeEvent)current;
                    if (open.Count >= MaxDepth)
                    {
                        errors.Add(At(node.Start, $"lists and mappings are nested more than {MaxDepth} levels deep"));
                        return false;
                    }

                    open.Push(new Collection(node is MappingStart, node.Anchor.IsEmpty ? null : node.Anchor.Value));
                }
            }
        }
        catch (YamlException exception)
        {
            // Some scanner errors (a tab as indentation, ...) carry the document's start as their position: the last good one is closer.
            errors.Add(Malformed(exception.Message, exception.Start.Index > last.Index ? exception.Start : last));
            return false;
        }
        catch (Exception)
        {
            // YamlDotNet reports some syntax errors (e.g. an unclosed '[' followed by a new line) without a position: use the last good one.
            errors.Add(Malformed("the YAML cannot be read past this point", last));
            return false;
        }

        return true;
    }

    private static ConfigError Malformed(string message, Mark mark)
    {
        var reason = $"malformed YAML: {message.Trim()}";
        return mark.Line <= 0
            ? new ConfigError(DocumentKey, reason)
            : new ConfigError(DocumentKey, $"malformed YAML at line {ToLine(mark.Line)}, column {ToColumn(mark.Column)}: {message.Trim()}", ToLine(mark.Line), ToColumn(mark.Column))
            {
                PositionInReason = true,
            };
    }

    private static ConfigError At(Mark mark, string reason) => new(DocumentKey, reason, ToLine(mark.Line), ToColumn(mark.Column));

    private static int ToLine(long line) => (int)Math.Min(int.MaxValue, line + LineOffset);

    private static int ToColumn(long column) => (int)Math.Min(int.MaxValue, column);

    private sealed class Collection(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public bool ExpectsKey { get; set; } = isMapping;
    }
}
