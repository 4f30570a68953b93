namespace Spaces.Core.Config;

/// <summary>
/// One problem found in a README.md front matter: the key it concerns and why it was refused.
/// </summary>
/// <param name="Key">
/// The key as written, with a path for nested values (<c>models[1]</c>, <c>custom_headers.cross-origin-opener-policy</c>,
/// <c>inference.inputs[0].shape[2]</c>), or <c>README.md</c> for problems of the document as a whole (malformed YAML, missing file).
/// </param>
/// <param name="Reason">What was expected and what was found, e.g. <c>expected an integer between 1 and 65535, got 'abc'</c>.</param>
/// <param name="Line">1-based line in README.md where the offending value starts; null when it has no position (a missing key).</param>
/// <param name="Column">1-based column matching <paramref name="Line"/>; null when <paramref name="Line"/> is null.</param>
public sealed record ConfigError(string Key, string Reason, int? Line = null, int? Column = null)
{
    /// <summary>The key and the reason, as shown to the Space's owner: <c>app_port: expected an integer between 1 and 65535, got 'abc'</c>.</summary>
    public string Message => $"{Key}: {Reason}";

    /// <summary><see cref="Message"/> followed by the position when known (unless the reason already names it, as YAML syntax errors do).</summary>
    public override string ToString() => Line is null || PositionInReason ? Message : $"{Message} (line {Line}, column {Column})";

    // Syntax errors read "malformed YAML at line 4, column 1: ...": the position belongs in the sentence, and is not repeated.
    internal bool PositionInReason { get; init; }
}
