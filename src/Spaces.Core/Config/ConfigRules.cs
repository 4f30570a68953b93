using System.Globalization;
using System.Text.RegularExpressions;

namespace Spaces.Core.Config;

/// <summary>
/// Checks of single values shared by Space configs and model cards. Each returns null when the value is fine,
/// otherwise the reason as shown after the key ("expected ..., got '...'").
/// </summary>
internal static partial class ConfigRules
{
    /// <summary>Longest owner or name in a repo id, as the Hub allows.</summary>
    public const int MaxRepoNameLength = 96;

    private const int MaxFlavorLength = 64;

    /// <summary>
    /// A model repo id <c>owner/name</c>: each part letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, at most 96 characters,
    /// no <c>--</c> or <c>..</c>, not starting or ending with <c>-</c> or <c>.</c> (the Hub's repo name rules).
    /// </summary>
    public static string? ModelRepoId(string value)
    {
        var parts = value.Split('/');
        return parts.Length == 2 && IsRepoName(parts[0]) && IsRepoName(parts[1])
            ? null
            : $"expected a model repo id 'owner/name', got '{Shorten(value)}'";
    }

    /// <summary>A path inside the repo: relative, '/'-separated, no empty, '.' or '..' segment, no backslash or control character.</summary>
    public static string? RepoRelativePath(string value)
    {
        var fine = !value.StartsWith('/') && !value.Contains('\\') && !value.Any(char.IsControl)
            && value.Split('/').All(segment => segment is not ("" or "." or ".."));
        return fine ? null : $"expected a path relative to the repository root (no leading '/', no '..'), got '{Shorten(value)}'";
    }

    /// <summary>
    /// A path on the Space's own origin: starts with a single '/' (so never '//host', which browsers read as another origin),
    /// no '..' segment, no backslash, whitespace or control character. A query or fragment may follow.
    /// </summary>
    public static string? BasePath(string value)
    {
        if (!value.StartsWith('/'))
        {
            return $"expected a path starting with '/', got '{Shorten(value)}'";
        }

        var path = value.Split('?', '#')[0];
        var fine = !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\')
            && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            && path.Split('/').All(segment => segment != "..");
        return fine ? null : $"expected a path on the Space's own origin (no '//' prefix, '..', backslash or space), got '{Shorten(value)}'";
    }

    /// <summary>A hardware flavor name like <c>cpu-basic</c> or <c>a10g-small</c>: lower-case letters and digits in '-'-separated words.</summary>
    public static string? HardwareFlavor(string value) =>
        value.Length <= MaxFlavorLength && KebabPattern().IsMatch(value)
            ? null
            : $"expected a hardware flavor name such as cpu-basic or t4-small, got '{Shorten(value)}'";

    /// <summary>A task name such as <c>image-classification</c> (lower-case words separated by '-').</summary>
    public static string? TaskName(string value) =>
        value.Length <= MaxFlavorLength && KebabPattern().IsMatch(value)
            ? null
            : $"expected a task name such as image-classification, got '{Shorten(value)}'";

    /// <summary>
    /// A duration such as <c>30m</c>, <c>1h</c>, <c>90s</c> or <c>1h30m</c>: whole numbers with units d, h, m, s in that order,
    /// more than zero and at most <paramref name="max"/>.
    /// </summary>
    public static string? Duration(string value, TimeSpan max, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(value.Trim());
        if (!match.Success || value.Trim().Length == 0)
        {
            return $"expected a duration like 30m, 1h or 90s, got '{Shorten(value)}'";
        }

        decimal seconds = 0;
        foreach (var (group, unit) in new[] { ("d", 86_400m), ("h", 3_600m), ("m", 60m), ("s", 1m) })
        {
            var text = match.Groups[group].Value;
            if (text.Length == 0)
            {
                continue;
            }

            // Twelve digits are already far beyond any accepted maximum; longer numbers could overflow.
            if (text.TrimStart('0').Length > 12)
            {
                return $"expected a duration of at most {Describe(max)}, got '{Shorten(value)}'";
            }

            seconds += decimal.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) * unit;
        }

        if (seconds <= 0)
        {
            return $"expected a duration longer than zero, got '{Shorten(value)}'";
        }

        if (seconds > (decimal)max.TotalSeconds)
        {
            return $"expected a duration of at most {Describe(max)}, got '{Shorten(value)}'";
        }

        duration = TimeSpan.FromSeconds((double)seconds);
        return null;
    }

    /// <summary>A value cut to a readable length for an error message.</summary>
    public static string Shorten(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 60), "…");

    private static bool IsRepoName(string part) =>
        part.Length is > 0 and <= MaxRepoNameLength && RepoNamePattern().IsMatch(part)
        && !part.Contains("--", StringComparison.Ordinal) && !part.Contains("..", StringComparison.Ordinal);

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours}h" : $"{span.TotalSeconds}s";

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoNamePattern();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabPattern();

    [GeneratedRegex("^(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
