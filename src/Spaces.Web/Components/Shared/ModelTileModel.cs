using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Shared;

/// <summary>What a model tile shows, read from the repository row and its card data.</summary>
public sealed record ModelTileModel
{
    /// <summary>Owner account name.</summary>
    public required string Owner { get; init; }

    /// <summary>Repository name.</summary>
    public required string Name { get; init; }

    /// <summary><c>pipeline_tag</c>, the task.</summary>
    public string? PipelineTag { get; init; }

    /// <summary><c>library_name</c>.</summary>
    public string? LibraryName { get; init; }

    /// <summary><c>license</c>.</summary>
    public string? License { get; init; }

    /// <summary>Lower-case tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Private model.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Likes.</summary>
    public int Likes { get; init; }

    /// <summary>Last change (UTC).</summary>
    public DateTime LastModified { get; init; }

    /// <summary><c>owner/name</c>.</summary>
    public string FullName => $"{Owner}/{Name}";

    /// <summary>The model page.</summary>
    public string Href => $"/models/{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Name)}";

    /// <summary>Builds the tile of <paramref name="repo"/> (owner loaded).</summary>
    public static ModelTileModel From(Repo repo)
    {
        var card = CardJson.Parse(repo.CardData);
        return new ModelTileModel
        {
            Owner = repo.Owner?.Name ?? "",
            Name = repo.Name,
            PipelineTag = CardJson.String(card, "pipeline_tag"),
            LibraryName = CardJson.String(card, "library_name"),
            License = CardJson.String(card, "license"),
            Tags = [.. CardJson.Strings(card, "tags").Select(t => t.ToLowerInvariant())],
            IsPrivate = repo.IsPrivate,
            Likes = repo.Likes,
            LastModified = DateTime.SpecifyKind(repo.LastModified, DateTimeKind.Utc),
        };
    }
}
