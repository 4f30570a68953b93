using System.Text;
using System.Text.RegularExpressions;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Image labels as one <c>LABEL</c> instruction appended to the Dockerfile in the build context. The Engine API's <c>labels</c> build
/// parameter makes the classic builder (dockerd 20.10 without BuildKit) add one <c>LABEL</c> step, an intermediate container, per
/// label; one line is one step. Appended at the end, the line lands in the final stage of a multi-stage Dockerfile, the image's.
/// </summary>
internal static partial class DockerfileLabels
{
    /// <summary>
    /// The <c>LABEL</c> line (without a line break) for <paramref name="labels"/>, keys in ordinal order, each key and value
    /// double-quoted with <paramref name="escape"/> before the escape character itself, <c>"</c> and <c>$</c> (no variable expansion).
    /// Null when there are no labels, or a key is empty or holds <c>=</c>, or a key or value holds a control character such as a line
    /// break (a Dockerfile line cannot carry one).
    /// </summary>
    public static string? Instruction(IReadOnlyDictionary<string, string> labels, char escape = '\\')
    {
        if (labels.Count == 0 || labels.Any(l => l.Key.Length == 0 || l.Key.Contains('=', StringComparison.Ordinal) ||
            l.Key.Any(char.IsControl) || l.Value.Any(char.IsControl)))
        {
            return null;
        }

        var line = new StringBuilder("LABEL");
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            line.Append(' ').Append(Quote(key, escape)).Append('=').Append(Quote(value, escape));
        }

        return line.ToString();
    }

    /// <summary>
    /// <paramref name="dockerfile"/> with the <c>LABEL</c> line appended (after a line break when the file does not end with one),
    /// quoted with the escape character its parser directive declares; what was there is unchanged. Null when the labels cannot be
    /// written (<see cref="Instruction"/>) or the file ends inside a line continuation, which the appended line would join.
    /// </summary>
    public static string? AppendTo(string dockerfile, IReadOnlyDictionary<string, string> labels)
    {
        var escape = EscapeOf(dockerfile);
        if (EndsInContinuation(dockerfile, escape) || Instruction(labels, escape) is not { } line)
        {
            return null;
        }

        var separator = dockerfile.Length == 0 || dockerfile[^1] is '\n' or '\r' ? "" : "\n";
        return dockerfile + separator + line + "\n";
    }

    /// <summary>
    /// Appends the labels to the Dockerfile at <paramref name="dockerfilePath"/> ('/'-separated) under <paramref name="contextDirectory"/>,
    /// keeping its bytes and writing the result as a regular file (a link in the context is replaced, its target left alone).
    /// False, with nothing changed, when the file is not there or cannot be read as UTF-8 text, or <see cref="AppendTo"/> gives null:
    /// the labels must then go through the build API.
    /// </summary>
    public static bool TryAppendToFile(string contextDirectory, string dockerfilePath, IReadOnlyDictionary<string, string> labels)
    {
        var root = Path.GetFullPath(contextDirectory);
        var path = Path.GetFullPath(Path.Combine(root, dockerfilePath));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return false;
        }

        byte[] bytes;
        string text;
        try
        {
            bytes = File.ReadAllBytes(path);
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return false;
        }

        if (AppendTo(text, labels) is not { } appended)
        {
            return false;
        }

        var added = Encoding.UTF8.GetBytes(appended[text.Length..]);
        File.Delete(path);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.Write(bytes);
        file.Write(added);
        return true;
    }

    /// <summary>The escape character a leading <c># escape=</c> parser directive declares (<c>\</c> or <c>`</c>); <c>\</c> otherwise.</summary>
    public static char EscapeOf(string dockerfile)
    {
        foreach (var line in Lines(dockerfile.TrimStart('\uFEFF')))
        {
            // Directives are only read before the first line that is not one (an empty line, a comment, an instruction).
            var directive = Directive().Match(line);
            if (!directive.Success)
            {
                break;
            }

            if (string.Equals(directive.Groups[1].Value, "escape", StringComparison.OrdinalIgnoreCase))
            {
                return directive.Groups[2].Value == "`" ? '`' : '\\';
            }
        }

        return '\\';
    }

    /// <summary>
    /// Whether the last instruction line ends with the escape character (trailing blanks allowed): the instruction continues, through
    /// any comment or blank lines after it, into whatever line comes next.
    /// </summary>
    private static bool EndsInContinuation(string dockerfile, char escape)
    {
        var continues = false;
        foreach (var line in Lines(dockerfile))
        {
            var trimmed = line.Trim(' ', '\t', '\uFEFF');
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            continues = trimmed[^1] == escape;
        }

        return continues;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r'));

    private static string Quote(string word, char escape)
    {
        var quoted = new StringBuilder(word.Length + 2).Append('"');
        foreach (var c in word)
        {
            if (c == escape || c is '"' or '$')
            {
                quoted.Append(escape);
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex Directive();
}
