using Spaces.Core.Accounts;

namespace Spaces.Core.Repositories;

/// <summary>What a repository holds.</summary>
public enum RepoType
{
    /// <summary>A model: weights, a card, an inference section.</summary>
    Model = 0,

    /// <summary>A Space: an app the platform builds and runs.</summary>
    Space = 1,
}

/// <summary>A versioned repository <c>owner/name</c>; its files live in a bare git repository named by <see cref="StorageKey"/>.</summary>
public sealed class Repo
{
    public long Id { get; set; }

    public RepoType Type { get; set; }

    public long OwnerId { get; set; }

    public Account? Owner { get; set; }

    /// <summary>The name as written (unique per owner and type through <see cref="NormalizedName"/>).</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case <see cref="Name"/> with '_' and '.' as '-': unique per owner and type, so the app host of a Space is unique too.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>Private: 404 to everyone but the owner (and the organization's members).</summary>
    public bool IsPrivate { get; set; }

    /// <summary>Directory name of the bare git repository; stable across renames.</summary>
    public required string StorageKey { get; set; }

    /// <summary>The commit <c>main</c> points at, or null for an empty repository.</summary>
    public string? HeadCommit { get; set; }

    public int Likes { get; set; }

    /// <summary>For a Space, the SDK its config names (cached from README.md for listings).</summary>
    public string? Sdk { get; set; }

    /// <summary>For a Space, the hardware flavor asked for through the API or settings (null = the config's or the default).</summary>
    public string? RequestedHardware { get; set; }

    /// <summary>For a Space, seconds without a request before it sleeps (null = the config's or the default; -1 = never).</summary>
    public int? SleepTimeSeconds { get; set; }

    /// <summary>The card's tags, lower case, as <c>,tag1,tag2,</c> so a listing can filter on one with a plain LIKE.</summary>
    public string? Tags { get; set; }

    /// <summary>
    /// The card's words, lower case, for search: title, short description, tags, SDK, pipeline tag and library (the name and
    /// owner are matched on their own columns).
    /// </summary>
    public string? SearchText { get; set; }

    /// <summary>For a Space, the hardware its README.md config asks for (null = none; <see cref="RequestedHardware"/> wins).</summary>
    public string? CardHardware { get; set; }

    /// <summary>For a model, the card's <c>pipeline_tag</c> (the task), lower case.</summary>
    public string? PipelineTag { get; set; }

    /// <summary>For a Space, the card's <c>pinned: true</c>: the home page shows it among the examples.</summary>
    public bool Pinned { get; set; }

    /// <summary>README.md's front matter at the head as JSON (the Hub's <c>cardData</c>), for listings and cards.</summary>
    public string? CardData { get; set; }

    /// <summary>For a Space whose config cannot be used: CONFIG_ERROR or NO_APP_FILE (null when it is fine).</summary>
    public string? ConfigStage { get; set; }

    /// <summary>Why, one problem a line, when <see cref="ConfigStage"/> is set.</summary>
    public string? ConfigMessage { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastModified { get; set; }

    /// <summary><c>owner/name</c>.</summary>
    public string FullName => $"{Owner?.Name}/{Name}";
}

/// <summary>A user liking a repository.</summary>
public sealed class RepoLike
{
    public long RepoId { get; set; }

    public long UserId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A Space's environment variable, visible to whoever can read the Space; copied when the Space is duplicated.</summary>
public sealed class SpaceVariable
{
    public long RepoId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }

    public string? Description { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A Space's secret: write-only, stored encrypted with data protection, never shown back, never duplicated.</summary>
public sealed class SpaceSecret
{
    public long RepoId { get; set; }

    public required string Key { get; set; }

    public required string ProtectedValue { get; set; }

    public string? Description { get; set; }

    public DateTime UpdatedAt { get; set; }
}
