using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// The models a visitor may see, as tiles: gallery search, tag and task filters, sort and paging (text and task filters over at most
/// <see cref="SpaceDirectory.MaxScan"/> models of the visibility-checked listing).
/// </summary>
public sealed class ModelDirectory(RepoService repos)
{
    /// <summary>One gallery page.</summary>
    public async Task<ModelGalleryPage> SearchAsync(Actor? actor, ModelGalleryQuery query, CancellationToken cancellationToken = default)
    {
        var (scanned, _) = await repos.SearchAsync(actor, new RepoQuery(
            RepoType.Model, Author: query.Author, Tag: query.Tag, Sort: GallerySort.Parse(query.Sort), Offset: 0, Limit: SpaceDirectory.MaxScan), cancellationToken);
        var words = SearchWords.Split(query.Text);
        var all = scanned.Select(ModelTileModel.From).ToList();
        var matching = all
            .Where(m => SearchWords.MatchAll(words, m.Owner, m.Name, m.PipelineTag, m.LibraryName, string.Join(' ', m.Tags)))
            .Where(m => query.Task is null || string.Equals(m.PipelineTag, query.Task, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var tasks = all.Select(m => m.PipelineTag).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var tags = all.SelectMany(m => m.Tags).GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(30).Select(g => g.Key).ToList();
        return new ModelGalleryPage(
            [.. matching.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)], matching.Count, tasks, tags, scanned.Count >= SpaceDirectory.MaxScan);
    }

    /// <summary>Models the actor may see, in the given order, up to <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ModelTileModel>> ListAsync(Actor? actor, RepoSort sort, int limit, string? author = null, CancellationToken cancellationToken = default) =>
        [.. (await repos.SearchAsync(actor, new RepoQuery(RepoType.Model, Author: author, Sort: sort, Offset: 0, Limit: limit), cancellationToken)).Items
            .Select(ModelTileModel.From)];
}

/// <summary>A models gallery request, as the GET form sends it.</summary>
/// <param name="Text">Search words.</param>
/// <param name="Tag">One tag.</param>
/// <param name="Task">A pipeline tag.</param>
/// <param name="Sort">likes, updated or name.</param>
/// <param name="Page">1-based page.</param>
/// <param name="Author">Only this owner's models.</param>
public sealed record ModelGalleryQuery(string? Text = null, string? Tag = null, string? Task = null, string Sort = "likes", int Page = 1, string? Author = null)
{
    /// <summary>Tiles per page.</summary>
    public int PageSize { get; init; } = 30;
}

/// <summary>One page of model results.</summary>
/// <param name="Items">This page's tiles.</param>
/// <param name="Total">How many match.</param>
/// <param name="Tasks">Pipeline tags present, for the task filter.</param>
/// <param name="Tags">Frequent tags.</param>
/// <param name="Truncated">True when more models exist than a filtered listing looks at.</param>
public sealed record ModelGalleryPage(IReadOnlyList<ModelTileModel> Items, int Total, IReadOnlyList<string> Tasks, IReadOnlyList<string> Tags, bool Truncated);
