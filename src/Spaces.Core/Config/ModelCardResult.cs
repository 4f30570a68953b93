using System.Diagnostics.CodeAnalysis;

namespace Spaces.Core.Config;

/// <summary>The outcome of <see cref="ModelCard.Parse"/>: the card, or every problem of its front matter.</summary>
public sealed class ModelCardResult
{
    internal ModelCardResult(ModelCard? card, IReadOnlyList<ConfigError> errors, string body, IReadOnlyDictionary<string, object?> cardData)
    {
        Card = card;
        Errors = errors;
        Body = body;
        CardData = cardData;
    }

    /// <summary>True when the front matter is valid (or absent) and <see cref="Card"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Card))]
    public bool IsSuccess => Card is not null;

    /// <summary>The card; null when <see cref="Errors"/> is not empty.</summary>
    public ModelCard? Card { get; }

    /// <summary>Every problem found (malformed YAML, a key with a wrong type or value), in README order. Empty on success.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>The errors as one text, one per line, with positions. Empty on success.</summary>
    public string ErrorMessage => string.Join('\n', Errors.Select(error => error.ToString()));

    /// <summary>The README's markdown after the front matter (the whole README without one), <c>\n</c> line endings; empty without a README.</summary>
    public string Body { get; }

    /// <summary>Every front matter key with its plain value (the Hub's <c>cardData</c>); empty without front matter or when it is not valid YAML.</summary>
    public IReadOnlyDictionary<string, object?> CardData { get; }
}
