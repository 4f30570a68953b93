namespace Spaces.Web.Components.Shared;

/// <summary>Search as a visitor types it: every word must appear (case-insensitively) in one of the searched fields.</summary>
public static class SearchWords
{
    /// <summary>The words of <paramref name="text"/> (at most 8, lower case).</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(8)];

    /// <summary>True when every word appears in at least one field.</summary>
    public static bool MatchAll(IReadOnlyList<string> words, params string?[] fields) =>
        words.All(word => fields.Any(field => field is not null && field.Contains(word, StringComparison.OrdinalIgnoreCase)));
}
