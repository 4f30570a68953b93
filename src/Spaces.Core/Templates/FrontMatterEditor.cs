using System.Text;
using Spaces.Core.Config;

namespace Spaces.Core.Templates;

/// <summary>
/// Sets top-level keys of a README.md's YAML front matter while keeping everything else (other keys, comments, order, the body):
/// a key's existing block (its line and the indented or list lines under it) is replaced in place, a new key is appended.
/// </summary>
public static class FrontMatterEditor
{
    /// <summary>Returns <paramref name="readme"/> with each key set to its YAML text (a scalar, or a block starting on the next line).</summary>
    /// <param name="readme">The README; one without front matter gets one.</param>
    /// <param name="values">Key to YAML value text: <see cref="Scalar"/> or <see cref="List"/> give well-formed ones.</param>
    public static string Set(string readme, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var document = ReadmeDocument.Parse(readme);
        var lines = (document.FrontMatter ?? "").Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        foreach (var (key, value) in values)
        {
            var entry = value.StartsWith('\n') ? key + ":" + value : key + ": " + value;
            var start = lines.FindIndex(line => line.StartsWith(key + ":", StringComparison.Ordinal));
            if (start < 0)
            {
                lines.Add(entry);
                continue;
            }

            var end = start + 1;
            while (end < lines.Count && lines[end].Length > 0 && (lines[end][0] is ' ' or '\t' or '-'))
            {
                end++;
            }

            lines.RemoveRange(start, end - start);
            lines.Insert(start, entry);
        }

        var text = new StringBuilder("---\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.Append("---\n").Append(document.Body).ToString();
    }

    /// <summary>A YAML double-quoted scalar (backslash, quote and control characters escaped).</summary>
    public static string Scalar(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>A YAML block list of double-quoted scalars, starting on the line after the key.</summary>
    public static string List(IEnumerable<string> items) => string.Concat(items.Select(item => "\n- " + Scalar(item)));
}
