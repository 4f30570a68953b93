using System.Text;
using System.Text.RegularExpressions;

namespace Spaces.Docker.Context;

/// <summary>
/// The rules of a <c>.dockerignore</c> file, matched as the Docker CLI does: <c>*</c> (any run of characters but '/'), <c>?</c>
/// (one character but '/'), <c>**</c> (any number of directories, even none), a leading <c>!</c> re-includes, <c>#</c> starts
/// a comment line, the last matching rule wins, and a rule matching a directory covers everything under it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<Rule> _rules;

    private DockerIgnore(List<Rule> rules)
    {
        _rules = rules;
    }

    /// <summary>No rules: nothing is excluded.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>The cleaned patterns, in order, exceptions with their leading <c>!</c>.</summary>
    public IReadOnlyList<string> Patterns => _rules.Select(r => r.Exception ? "!" + r.Pattern : r.Pattern).ToList();

    /// <summary>True when some rule re-includes paths (so an excluded directory must still be walked).</summary>
    public bool HasExceptions => _rules.Any(r => r.Exception);

    /// <summary>Reads the rules of a <c>.dockerignore</c> file's text.</summary>
    public static DockerIgnore Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var rules = new List<Rule>();
        foreach (var raw in content.TrimStart('\uFEFF').Split('\n'))
        {
            if (raw.StartsWith('#'))
            {
                continue;
            }
            var pattern = raw.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }
            var exception = pattern[0] == '!';
            if (exception)
            {
                pattern = pattern[1..].Trim();
            }
            if (pattern.Length == 0)
            {
                continue;
            }
            pattern = CleanPath(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
            rules.Add(new Rule(pattern, exception, ToRegex(pattern)));
        }
        return new DockerIgnore(rules);
    }

    /// <summary>Reads <c>.dockerignore</c> from a directory; <see cref="Empty"/> when there is none.</summary>
    public static DockerIgnore Load(string directory)
    {
        var path = Path.Combine(directory, ".dockerignore");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    /// <summary>Returns these rules plus exceptions that keep the given paths (the CLI always sends the Dockerfile and .dockerignore).</summary>
    public DockerIgnore Keeping(params string[] paths)
    {
        var rules = new List<Rule>(_rules);
        foreach (var path in paths)
        {
            var cleaned = CleanPath(path.Replace('\\', '/')).TrimStart('/');
            if (IsExcluded(cleaned))
            {
                rules.Add(new Rule(cleaned, Exception: true, ToRegex(cleaned)));
            }
        }
        return new DockerIgnore(rules);
    }

    /// <summary>True when the path (relative to the context root, '/'-separated) is excluded from the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = CleanPath(relativePath.Replace('\\', '/')).TrimStart('/');
        var parents = ParentPaths(path);
        var excluded = false;
        foreach (var rule in _rules)
        {
            // An exclusion only matters while not excluded, an exception only while excluded.
            if (rule.Exception != excluded)
            {
                continue;
            }
            var match = rule.Regex.IsMatch(path) || parents.Any(rule.Regex.IsMatch);
            if (match)
            {
                excluded = !rule.Exception;
            }
        }
        return excluded;
    }

    /// <summary>Go's <c>filepath.Clean</c> for '/'-separated paths.</summary>
    internal static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private static List<string> ParentPaths(string path)
    {
        var parents = new List<string>();
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            parents.Add(path[..slash]);
        }
        return parents;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }
                    regex.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    if (i + 1 < pattern.Length)
                    {
                        i++;
                        regex.Append(Regex.Escape(pattern[i].ToString()));
                    }
                    else
                    {
                        regex.Append(@"\\");
                    }
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var set = pattern[(i + 1)..close];
                    if (set.StartsWith('!'))
                    {
                        set = "^" + set[1..];
                    }
                    regex.Append('[').Append(set.Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }
        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }

    private sealed record Rule(string Pattern, bool Exception, Regex Regex);
}
