using System.Text.RegularExpressions;
using Spaces.Core.Problems;

namespace Spaces.Core.Accounts;

/// <summary>
/// Rules for account and repository names. Names become host names (<c>{owner}--{name}.spaces.localhost</c>), so account names are
/// DNS-label friendly and neither kind may contain "--" (it separates owner and name in the host).
/// </summary>
public static partial class AccountNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "api", "spaces", "models", "datasets", "settings", "login", "logout", "register", "new", "admin", "organizations",
        "healthz", "readyz", "lib", "js", "css", "hubs", "v2", "docs", "search", "static", "_framework", "examples-internal",
    };

    /// <summary>Throws a 400 naming <paramref name="field"/> when <paramref name="name"/> cannot name an account.</summary>
    public static void ValidateAccount(string? name, string field = "name")
    {
        if (string.IsNullOrEmpty(name) || !AccountPattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw ProblemException.Invalid(field,
                $"'{name}' is not a valid account name: use 2 to 39 letters, digits or single hyphens, starting and ending with a letter or digit.");
        }

        if (Reserved.Contains(name))
        {
            throw ProblemException.Invalid(field, $"'{name}' is reserved; choose another name.");
        }
    }

    /// <summary>Throws a 400 naming <paramref name="field"/> when <paramref name="name"/> cannot name a repository.</summary>
    public static void ValidateRepo(string? name, string field = "name")
    {
        if (string.IsNullOrEmpty(name) || !RepoPattern().IsMatch(name)
            || name.Contains("--", StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal)
            || name.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.Invalid(field,
                $"'{name}' is not a valid repository name: use 1 to 96 letters, digits, '-', '_' or '.', not starting or ending with '-' or '.', without '--', '..' or a '.git' ending.");
        }
    }

    /// <summary>The account name as stored for uniqueness.</summary>
    public static string NormalizeAccount(string name) => name.ToLowerInvariant();

    /// <summary>The repository name as stored for uniqueness: lower case, '_' and '.' as '-', so every Space gets a distinct host.</summary>
    public static string NormalizeRepo(string name) => name.ToLowerInvariant().Replace('_', '-').Replace('.', '-');

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$")]
    private static partial Regex RepoPattern();
}
