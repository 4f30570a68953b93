using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Shared;

/// <summary>
/// The models a visitor may see, as tiles: gallery search, tag and task filters, sort and paging, all in the database through
/// <see cref="RepoService.SearchAsync"/> over any number of models.
/// </summary>
public sealed class ModelDirectory(RepoService repos)
{
    /// <summary>One gallery page.</summary>
    public async Task<ModelGalleryPage> SearchAsync(Actor? actor, ModelGalleryQuery query, CancellationToken cancellationToken = default)
    {
        var (items, total) = await repos.SearchAsync(actor, new RepoQuery(
            RepoType.Model, Search: query.Text, Author: query.Author, Tag: query.Tag, Sort: GallerySort.Parse(query.Sort),
            Offset: (Math.Max(1, query.Page) - 1) * query.PageSize, Limit: query.PageSize)
        {
            PipelineTag = query.Task,
        }, cancellationToken);
        var (tags, tasks) = await repos.FacetsAsync(actor, RepoType.Model, query.Author, cancellationToken: cancellationToken);
        return new ModelGalleryPage([.. items.Select(ModelTileModel.From)], total, tasks, tags);
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
public sealed record ModelGalleryPage(IReadOnlyList<ModelTileModel> Items, int Total, IReadOnlyList<string> Tasks, IReadOnlyList<string> Tags);
