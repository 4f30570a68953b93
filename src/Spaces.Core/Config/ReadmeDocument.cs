namespace Spaces.Core.Config;

/// <summary>
/// A README.md split into its YAML front matter (between a first line <c>---</c> and the next line <c>---</c>) and its markdown body.
/// A UTF-8 byte order mark is ignored and line endings are normalised to <c>\n</c> (CRLF and CR are accepted).
/// </summary>
public sealed class ReadmeDocument
{
    private const string Delimiter = "---";

    private ReadmeDocument(string? frontMatter, string body, bool unterminated)
    {
        FrontMatter = frontMatter;
        Body = body;
        IsFrontMatterUnterminated = unterminated;
    }

    /// <summary>The YAML between the delimiter lines, without them; null when the README has no front matter. Default null.</summary>
    public string? FrontMatter { get; }

    /// <summary>The markdown after the closing delimiter line (the whole text when there is no front matter), with <c>\n</c> line endings.</summary>
    public string Body { get; }

    /// <summary>True when the first line is <c>---</c> but no closing <c>---</c> line follows; <see cref="FrontMatter"/> is then null. Default false.</summary>
    public bool IsFrontMatterUnterminated { get; }

    /// <summary>Splits <paramref name="text"/>; a null text gives an empty document (no front matter, empty body).</summary>
    public static ReadmeDocument Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ReadmeDocument(null, "", false);
        }

        var normalized = text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
        var firstEnd = normalized.IndexOf('\n');
        var firstLine = firstEnd < 0 ? normalized : normalized[..firstEnd];
        if (!IsDelimiter(firstLine))
        {
            return new ReadmeDocument(null, normalized, false);
        }

        if (firstEnd < 0)
        {
            return new ReadmeDocument(null, normalized, true);
        }

        var yamlStart = firstEnd + 1;
        var lineStart = yamlStart;
        while (lineStart <= normalized.Length)
        {
            var lineEnd = normalized.IndexOf('\n', lineStart);
            var line = lineEnd < 0 ? normalized[lineStart..] : normalized[lineStart..lineEnd];
            if (IsDelimiter(line))
            {
                var yaml = normalized[yamlStart..lineStart];
                var body = lineEnd < 0 ? "" : normalized[(lineEnd + 1)..];
                return new ReadmeDocument(yaml, body, false);
            }

            if (lineEnd < 0)
            {
                break;
            }

            lineStart = lineEnd + 1;
        }

        return new ReadmeDocument(null, normalized, true);
    }

    // Trailing blanks after the dashes are tolerated, as editors leave them; leading ones are not (that is no longer a delimiter).
    private static bool IsDelimiter(string line) => line.TrimEnd(' ', '\t') == Delimiter;
}
