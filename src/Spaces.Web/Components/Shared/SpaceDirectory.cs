using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// The Spaces a visitor may see, as cards: gallery search with filters, sort and paging; home page sections; profiles.
/// Visibility comes from <see cref="RepoService.SearchAsync"/> (private Spaces only for those who may read them); text, hardware
/// and stage filters run over at most <see cref="MaxScan"/> Spaces of that listing, since the card text and the runtime stage are
/// not columns the database can filter on.
/// </summary>
public sealed class SpaceDirectory(RepoService repos, SpaceStateReader states, IOptions<RuntimeOptions> runtime)
{
    /// <summary>Most Spaces a filtered listing looks at.</summary>
    public const int MaxScan = 1000;

    /// <summary>The flavor of Spaces that ask for none.</summary>
    public string DefaultHardware => runtime.Value.DefaultHardware;

    /// <summary>One gallery page for <paramref name="query"/>.</summary>
    public async Task<SpaceGalleryPage> SearchAsync(Actor? actor, SpaceGalleryQuery query, CancellationToken cancellationToken = default)
    {
        var (scanned, _) = await repos.SearchAsync(actor, new RepoQuery(
            RepoType.Space, Author: query.Author, Sdk: query.Sdk, Tag: query.Tag, Sort: query.RepoSort, Offset: 0, Limit: MaxScan), cancellationToken);
        var words = SearchWords.Split(query.Text);
        var cards = scanned
            .Select(repo => (Repo: repo, Card: SpaceCardModel.From(repo, default)))
            .Where(item => SearchWords.MatchAll(words, item.Card.Owner, item.Card.Name, item.Card.Title, item.Card.ShortDescription, item.Card.Sdk, string.Join(' ', item.Card.Tags)))
            .Where(item => query.Hardware is null || string.Equals(item.Card.Hardware ?? DefaultHardware, query.Hardware, StringComparison.OrdinalIgnoreCase))
            .ToList();

        List<SpaceCardModel> matching;
        IReadOnlyList<SpaceCardModel> page;
        var skip = (query.Page - 1) * query.PageSize;
        if (query.Stage is { } group)
        {
            // The stage lives in the runtime rows: read it for every candidate, then page.
            matching = [.. (await WithStagesAsync(cards, cancellationToken)).Where(card => StageLook.Of(card.Stage).Group == group)];
            page = [.. matching.Skip(skip).Take(query.PageSize)];
        }
        else
        {
            matching = [.. cards.Select(item => item.Card)];
            page = await WithStagesAsync([.. cards.Skip(skip).Take(query.PageSize)], cancellationToken);
        }

        var tags = scanned.SelectMany(repo => SpaceCardModel.From(repo, default).Tags)
            .GroupBy(tag => tag).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(30).Select(g => g.Key).ToList();
        return new SpaceGalleryPage(page, matching.Count, tags, scanned.Count >= MaxScan);
    }

    /// <summary>Cards (with their stage) for repositories already listed.</summary>
    public async Task<IReadOnlyList<SpaceCardModel>> CardsAsync(IEnumerable<Repo> spaces, CancellationToken cancellationToken = default) =>
        await WithStagesAsync([.. spaces.Select(repo => (repo, SpaceCardModel.From(repo, default)))], cancellationToken);

    /// <summary>Spaces the actor may see, in the given order, up to <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Repo>> ListAsync(Actor? actor, RepoSort sort, int limit, string? author = null, CancellationToken cancellationToken = default) =>
        (await repos.SearchAsync(actor, new RepoQuery(RepoType.Space, Author: author, Sort: sort, Offset: 0, Limit: limit), cancellationToken)).Items;

    private async Task<IReadOnlyList<SpaceCardModel>> WithStagesAsync(IReadOnlyList<(Repo Repo, SpaceCardModel Card)> items, CancellationToken cancellationToken)
    {
        var cards = new List<SpaceCardModel>(items.Count);
        foreach (var (repo, card) in items)
        {
            var state = await states.ReadAsync(repo, cancellationToken);
            cards.Add(card with { Stage = state.Stage });
        }

        return cards;
    }
}

/// <summary>A gallery request, as the GET form sends it.</summary>
/// <param name="Text">Search words (all must appear in owner, name, title, description, SDK or tags).</param>
/// <param name="Sdk">docker, blazor or static.</param>
/// <param name="Tag">One tag.</param>
/// <param name="Hardware">A hardware flavor name.</param>
/// <param name="Stage">A stage group.</param>
/// <param name="Sort">likes, updated or name.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="Author">Only this owner's Spaces.</param>
public sealed record SpaceGalleryQuery(
    string? Text = null,
    string? Sdk = null,
    string? Tag = null,
    string? Hardware = null,
    StageGroup? Stage = null,
    string Sort = "likes",
    int Page = 1,
    string? Author = null)
{
    /// <summary>Cards per page.</summary>
    public int PageSize { get; init; } = 24;

    /// <summary>The sort as the repository listing understands it.</summary>
    public RepoSort RepoSort => GallerySort.Parse(Sort);
}

/// <summary>One page of gallery results.</summary>
/// <param name="Items">The cards of this page.</param>
/// <param name="Total">How many Spaces match.</param>
/// <param name="Tags">Frequent tags, for the tag filter.</param>
/// <param name="Truncated">True when more Spaces exist than a filtered listing looks at.</param>
public sealed record SpaceGalleryPage(IReadOnlyList<SpaceCardModel> Items, int Total, IReadOnlyList<string> Tags, bool Truncated);
