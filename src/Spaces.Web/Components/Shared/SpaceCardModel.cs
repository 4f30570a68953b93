using System.Text.Json;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;

namespace Spaces.Web.Components.Shared;

/// <summary>What a Space card shows, read from the repository row and its card data (README.md's front matter as JSON).</summary>
public sealed record SpaceCardModel
{
    /// <summary>Owner account name.</summary>
    public required string Owner { get; init; }

    /// <summary>Repository name.</summary>
    public required string Name { get; init; }

    /// <summary><c>title</c>, or the name.</summary>
    public required string Title { get; init; }

    /// <summary><c>emoji</c>, or 🚀.</summary>
    public required string Emoji { get; init; }

    /// <summary>Gradient start as a hex colour (never the README's raw text).</summary>
    public required string ColorFrom { get; init; }

    /// <summary>Gradient end as a hex colour.</summary>
    public required string ColorTo { get; init; }

    /// <summary><c>short_description</c>, if any.</summary>
    public string? ShortDescription { get; init; }

    /// <summary>The SDK (docker, blazor, static), if known.</summary>
    public string? Sdk { get; init; }

    /// <summary>Lower-case tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Model ids the Space references (<c>models</c>).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary><c>pinned</c>.</summary>
    public bool Pinned { get; init; }

    /// <summary>The hardware flavor asked for (settings, then README), null for the platform default.</summary>
    public string? Hardware { get; init; }

    /// <summary>Private Space.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Likes.</summary>
    public int Likes { get; init; }

    /// <summary>Last change (UTC).</summary>
    public DateTime LastModified { get; init; }

    /// <summary>The current stage.</summary>
    public SpaceStage Stage { get; init; }

    /// <summary><c>owner/name</c>.</summary>
    public string FullName => $"{Owner}/{Name}";

    /// <summary>The Space page.</summary>
    public string Href => $"/spaces/{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Name)}";

    /// <summary>Builds the card of <paramref name="repo"/> (owner loaded) at <paramref name="stage"/>.</summary>
    public static SpaceCardModel From(Repo repo, SpaceStage stage)
    {
        var owner = repo.Owner?.Name ?? "";
        var card = CardJson.Parse(repo.CardData);
        return new SpaceCardModel
        {
            Owner = owner,
            Name = repo.Name,
            Title = CardJson.String(card, "title") ?? repo.Name,
            Emoji = CardJson.String(card, "emoji") ?? "🚀",
            ColorFrom = CardPalette.Resolve(CardJson.String(card, "colorFrom"), repo.Name),
            ColorTo = CardPalette.Resolve(CardJson.String(card, "colorTo"), repo.Name, salt: 3),
            ShortDescription = CardJson.String(card, "short_description"),
            Sdk = repo.Sdk ?? CardJson.String(card, "sdk"),
            Tags = [.. CardJson.Strings(card, "tags").Select(t => t.ToLowerInvariant())],
            Models = CardJson.Strings(card, "models"),
            Pinned = CardJson.Bool(card, "pinned"),
            Hardware = repo.RequestedHardware ?? CardJson.String(card, "hardware"),
            IsPrivate = repo.IsPrivate,
            Likes = repo.Likes,
            LastModified = DateTime.SpecifyKind(repo.LastModified, DateTimeKind.Utc),
            Stage = stage,
        };
    }
}

/// <summary>Reads values out of a repository's card data JSON without trusting its shape.</summary>
internal static class CardJson
{
    /// <summary>The card's root object, or null when absent or not JSON.</summary>
    public static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A non-blank string value.</summary>
    public static string? String(JsonElement? card, string key) =>
        card is { } c && c.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    /// <summary>The strings of a list value (a single string counts as a list of one).</summary>
    public static IReadOnlyList<string> Strings(JsonElement? card, string key)
    {
        if (card is not { } c || !c.TryGetProperty(key, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String)
                .Select(v => v.GetString()!.Trim()).Where(v => v.Length > 0)],
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => [value.GetString()!.Trim()],
            _ => [],
        };
    }

    /// <summary>A boolean value (false when absent).</summary>
    public static bool Bool(JsonElement? card, string key) =>
        card is { } c && c.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.True;
}
