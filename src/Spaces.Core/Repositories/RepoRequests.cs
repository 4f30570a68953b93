using Spaces.Core.Spaces;

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

/// <summary>
/// A listing query: search words (each must appear, case-insensitively, in the name, the owner or the card's title, short
/// description, tags, SDK or task), author, SDK and tag filters, sort and paging.
/// </summary>
public sealed record RepoQuery(
    RepoType Type,
    string? Search = null,
    string? Author = null,
    string? Sdk = null,
    string? Tag = null,
    RepoSort Sort = RepoSort.LastModified,
    int Offset = 0,
    int Limit = 30)
{
    /// <summary>Only Spaces running on this hardware flavor (the requested one, else the config's, else <see cref="DefaultHardware"/>).</summary>
    public string? Hardware { get; init; }

    /// <summary>The flavor of Spaces that ask for none, for <see cref="Hardware"/>.</summary>
    public string? DefaultHardware { get; init; }

    /// <summary>Only Spaces in one of these stages (the runtime row's, else the config's problem, else NoAppFile or Building).</summary>
    public IReadOnlyCollection<SpaceStage>? Stages { get; init; }

    /// <summary>Only models with this pipeline tag.</summary>
    public string? PipelineTag { get; init; }

    /// <summary>Only Spaces whose card says <c>pinned: true</c> (<see cref="Repo.Pinned"/>). Default false.</summary>
    public bool PinnedOnly { get; init; }

    /// <summary>Leaves these repositories (ids) out, e.g. those another section of the page already shows.</summary>
    public IReadOnlyCollection<long>? ExcludeIds { get; init; }
}
