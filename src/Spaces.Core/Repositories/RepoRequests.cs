namespace Spaces.Core.Repositories;

/// <summary>A new repository: owner (a user or organization name), name, type, visibility, and for Spaces the SDK and settings.</summary>
public sealed record CreateRepoRequest(
    RepoType Type,
    string Owner,
    string Name,
    bool IsPrivate = false,
    string? Sdk = null,
    string? Hardware = null,
    int? SleepTimeSeconds = null,
    string? License = null,
    IReadOnlyList<CommitOperation>? InitialFiles = null);

/// <summary>How a listing is sorted.</summary>
public enum RepoSort
{
    /// <summary>Most liked first.</summary>
    Likes,

    /// <summary>Most recently changed first.</summary>
    LastModified,

    /// <summary>Most recently created first.</summary>
    Created,

    /// <summary>By name.</summary>
    Name,
}

/// <summary>A listing query: search text in the id, author, SDK and tag filters, sort and paging.</summary>
public sealed record RepoQuery(
    RepoType Type,
    string? Search = null,
    string? Author = null,
    string? Sdk = null,
    string? Tag = null,
    RepoSort Sort = RepoSort.LastModified,
    int Offset = 0,
    int Limit = 30);
