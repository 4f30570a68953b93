namespace Spaces.Core.Config;

/// <summary>
/// The <c>custom_headers</c> key: HTTP headers added to every response of the Space's app. As on the Hub, only the
/// cross-origin isolation headers (COEP, COOP, CORP) are allowed, each with the values browsers define.
/// </summary>
public sealed record SpaceCustomHeaders
{
    /// <summary>Header name of <see cref="CrossOriginEmbedderPolicy"/>.</summary>
    public const string EmbedderPolicyHeader = "cross-origin-embedder-policy";

    /// <summary>Header name of <see cref="CrossOriginOpenerPolicy"/>.</summary>
    public const string OpenerPolicyHeader = "cross-origin-opener-policy";

    /// <summary>Header name of <see cref="CrossOriginResourcePolicy"/>.</summary>
    public const string ResourcePolicyHeader = "cross-origin-resource-policy";

    /// <summary>No custom header (what a README without <c>custom_headers</c> gives).</summary>
    public static SpaceCustomHeaders None { get; } = new();

    /// <summary><c>cross-origin-embedder-policy</c>: <c>unsafe-none</c>, <c>require-corp</c> or <c>credentialless</c>. Default null (not sent).</summary>
    public string? CrossOriginEmbedderPolicy { get; init; }

    /// <summary>
    /// <c>cross-origin-opener-policy</c>: <c>unsafe-none</c>, <c>same-origin-allow-popups</c>, <c>same-origin</c> or
    /// <c>noopener-allow-popups</c>. Default null (not sent).
    /// </summary>
    public string? CrossOriginOpenerPolicy { get; init; }

    /// <summary><c>cross-origin-resource-policy</c>: <c>same-site</c>, <c>same-origin</c> or <c>cross-origin</c>. Default null (not sent).</summary>
    public string? CrossOriginResourcePolicy { get; init; }

    /// <summary>True when no header is set.</summary>
    public bool IsEmpty => CrossOriginEmbedderPolicy is null && CrossOriginOpenerPolicy is null && CrossOriginResourcePolicy is null;

    /// <summary>The headers to add, as lower-case name and value, in the order COEP, COOP, CORP; set ones only.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>(3);
        Add(EmbedderPolicyHeader, CrossOriginEmbedderPolicy);
        Add(OpenerPolicyHeader, CrossOriginOpenerPolicy);
        Add(ResourcePolicyHeader, CrossOriginResourcePolicy);
        return headers;

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                headers.Add(new(name, value));
            }
        }
    }

    /// <summary>Allowed header names (lower case) and, for each, its allowed values.</summary>
    internal static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [EmbedderPolicyHeader] = ["unsafe-none", "require-corp", "credentialless"],
        [OpenerPolicyHeader] = ["unsafe-none", "same-origin-allow-popups", "same-origin", "noopener-allow-popups"],
        [ResourcePolicyHeader] = ["same-site", "same-origin", "cross-origin"],
    };
}
