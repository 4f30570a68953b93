using System.Diagnostics.CodeAnalysis;
using Spaces.Core.Spaces;

namespace Spaces.Core.Config;

/// <summary>
/// The outcome of <see cref="SpaceConfig.Parse"/>: the config, or the stage the Space is stuck in and every reason.
/// </summary>
public sealed class SpaceConfigResult
{
    internal SpaceConfigResult(
        SpaceConfig? config,
        SpaceStage? stage,
        IReadOnlyList<ConfigError> errors,
        string body,
        IReadOnlyDictionary<string, object?> cardData)
    {
        Config = config;
        Stage = stage;
        Errors = errors;
        Body = body;
        CardData = cardData;
    }

    /// <summary>True when the Space can be built: <see cref="Stage"/> is null and <see cref="Config"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsSuccess => Stage is null && Config is not null;

    /// <summary>
    /// The config. Set on success, and also with <see cref="SpaceStage.NoAppFile"/> when only the app's files are missing
    /// (the front matter itself is valid, so the UI can still show title, emoji and colors). Null otherwise.
    /// </summary>
    public SpaceConfig? Config { get; }

    /// <summary>
    /// Null on success. <see cref="SpaceStage.ConfigError"/> when the front matter is malformed YAML or a key has a wrong type or value
    /// (this wins when both apply); <see cref="SpaceStage.NoAppFile"/> when README.md, its front matter, <c>sdk</c>, or the app is missing.
    /// </summary>
    public SpaceStage? Stage { get; }

    /// <summary>Every problem found, in README order (document-level problems first). Empty on success.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>The errors as one text, one per line, with positions: the Space's <c>errorMessage</c>. Empty on success.</summary>
    public string ErrorMessage => string.Join('\n', Errors.Select(error => error.ToString()));

    /// <summary>The README's markdown after the front matter (the whole README without one), <c>\n</c> line endings; empty without a README.</summary>
    public string Body { get; }

    /// <summary>
    /// Every front matter key with its plain value (the Hub's <c>cardData</c>), known keys included, even when a key has a wrong value.
    /// Empty when there is no front matter or it is not valid YAML.
    /// </summary>
    public IReadOnlyDictionary<string, object?> CardData { get; }
}
