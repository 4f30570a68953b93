using Spaces.Core.Repositories;

namespace Spaces.Web.Components.Shared;

/// <summary>The gallery sorts (likes, updated, name) as the URL spells them.</summary>
public static class GallerySort
{
    /// <summary>The sorts offered, with their labels.</summary>
    public static IReadOnlyList<(string Value, string Label)> Options { get; } =
        [("likes", "Most liked"), ("updated", "Recently updated"), ("name", "Name")];

    /// <summary>A URL sort value as a repository sort (most liked when unknown).</summary>
    public static RepoSort Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "updated" => RepoSort.LastModified,
        "name" => RepoSort.Name,
        _ => RepoSort.Likes,
    };

    /// <summary>A URL sort value made canonical.</summary>
    public static string Normalize(string? value) => Parse(value) switch
    {
        RepoSort.LastModified => "updated",
        RepoSort.Name => "name",
        _ => "likes",
    };
}
