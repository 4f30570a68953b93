using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// The Spaces a visitor may see, as cards: gallery search with filters, sort and paging; home page sections; profiles.
/// Visibility, words, SDK, tag, hardware and stage filters, sort, paging and the total all run in the database through
/// <see cref="RepoService.SearchAsync"/> (private Spaces only for those who may read them), over any number of Spaces.
/// </summary>
public sealed class SpaceDirectory(RepoService repos, SpaceStateReader states, IOptions<RuntimeOptions> runtime)
{
    /// <summary>Most Spaces a plain listing (a profile, a model's Spaces) returns.</summary>
    public const int MaxScan = 1000;

    /// <summary>The flavor of Spaces that ask for none.</summary>
    public string DefaultHardware => runtime.Value.DefaultHardware;

    /// <summary>One gallery page for <paramref name="query"/>.</summary>
    public async Task<SpaceGalleryPage> SearchAsync(Actor? actor, SpaceGalleryQuery query, CancellationToken cancellationToken = default)
    {
        var (items, total) = await repos.SearchAsync(actor, new RepoQuery(
            RepoType.Space, Search: query.Text, Author: query.Author, Sdk: query.Sdk, Tag: query.Tag, Sort: query.RepoSort,
            Offset: (Math.Max(1, query.Page) - 1) * query.PageSize, Limit: query.PageSize)
        {
            Hardware = query.Hardware,
            DefaultHardware = DefaultHardware,
            Stages = query.Stage is { } group ? [.. Enum.GetValues<SpaceStage>().Where(stage => StageLook.Of(stage).Group == group)] : null,
        }, cancellationToken);
        var page = await CardsAsync(items, cancellationToken);
        var (tags, _) = await repos.FacetsAsync(actor, RepoType.Space, query.Author, cancellationToken: cancellationToken);
        return new SpaceGalleryPage(page, total, tags);
    }

    /// <summary>Cards (with their stage) for repositories already listed.</summary>
    public async Task<IReadOnlyList<SpaceCardModel>> CardsAsync(IEnumerable<Repo> spaces, CancellationToken cancellationToken = default) =>
        await WithStagesAsync([.. spaces.Select(repo => (repo, SpaceCardModel.From(repo, default)))], cancellationToken);

    /// <summary>Spaces the actor may see, in the given order, up to <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<Repo>> ListAsync(Actor? actor, RepoSort sort, int limit, string? author = null, CancellationToken cancellationToken = default) =>
        repos.ListAsync(actor, new RepoQuery(RepoType.Space, Author: author, Sort: sort, Offset: 0, Limit: limit), cancellationToken);

    /// <summary>
    /// The examples the actor may see, most liked (then most recently changed) first, up to <paramref name="limit"/>: Spaces whose
    /// card says <c>pinned: true</c> and every Space of <paramref name="examplesOwner"/>. Two bounded queries, one per index
    /// (pinned, owner), since SQLite walks the whole likes index for an OR of both.
    /// </summary>
    public async Task<IReadOnlyList<Repo>> PinnedAsync(Actor? actor, string? examplesOwner, int limit, CancellationToken cancellationToken = default)
    {
        var pinned = await repos.ListAsync(actor, new RepoQuery(RepoType.Space, Sort: RepoSort.Likes, Limit: limit) { PinnedOnly = true }, cancellationToken);
        var owned = string.IsNullOrWhiteSpace(examplesOwner)
            ? []
            : await repos.ListAsync(actor, new RepoQuery(RepoType.Space, Author: examplesOwner, Sort: RepoSort.Likes, Limit: limit), cancellationToken);
        return [.. pinned.Concat(owned).DistinctBy(repo => repo.Id)
            .OrderByDescending(repo => repo.Likes).ThenByDescending(repo => repo.LastModified).ThenBy(repo => repo.Id).Take(limit)];
    }

    /// <summary>The most liked (then most recently changed) Spaces the actor may see, leaving out <paramref name="excluding"/>. One bounded query.</summary>
    public Task<IReadOnlyList<Repo>> TrendingAsync(Actor? actor, IReadOnlyCollection<long> excluding, int limit, CancellationToken cancellationToken = default) =>
        repos.ListAsync(actor, new RepoQuery(RepoType.Space, Sort: RepoSort.Likes, Limit: limit) { ExcludeIds = excluding }, cancellationToken);

    // One runtime-row query for the whole page, not one per card.
    private async Task<IReadOnlyList<SpaceCardModel>> WithStagesAsync(IReadOnlyList<(Repo Repo, SpaceCardModel Card)> items, CancellationToken cancellationToken)
    {
        var stages = await states.StagesAsync([.. items.Select(item => item.Repo)], cancellationToken);
        return [.. items.Select(item => item.Card with { Stage = stages[item.Repo.Id] })];
    }
}

/// <summary>A gallery request, as the GET form sends it.</summary>
/// <param name="Text">Search words (each must appear, case-insensitively, in owner, name, title, short description, SDK or tags).</param>
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
public sealed record SpaceGalleryPage(IReadOnlyList<SpaceCardModel> Items, int Total, IReadOnlyList<string> Tags);
