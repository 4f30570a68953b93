using System.Text.Json;
using System.Text.Json.Serialization;
using Spaces.Web.Api.Runtime;

namespace Spaces.Web.Api;

/// <summary>Error body: the message, and the request field at fault when there is one.</summary>
public sealed record ApiError(string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field);

/// <summary><c>POST /api/repos/create</c> (the Hub's shape).</summary>
public sealed record CreateRepoBody(
    string? Name,
    string? Organization,
    string? Type,
    bool? Private,
    string? Visibility,
    string? Sdk,
    string? Hardware,
    int? SleepTimeSeconds,
    string? License);

/// <summary><c>POST /api/repos/create</c>'s answer.</summary>
public sealed record CreatedRepo(string Url, string Name, string Id);

/// <summary><c>DELETE /api/repos/delete</c>.</summary>
public sealed record DeleteRepoBody(string? Name, string? Organization, string? Type);

/// <summary><c>POST /api/repos/move</c>.</summary>
public sealed record MoveRepoBody(string? FromRepo, string? ToRepo, string? Type);

/// <summary><c>PUT /api/{type}s/{id}/settings</c>.</summary>
public sealed record RepoSettingsBody(bool? Private, string? Visibility);

/// <summary><c>POST /api/spaces/{id}/duplicate</c>.</summary>
public sealed record DuplicateBody(string? Repository, bool? Private, string? Visibility);

/// <summary>A repository in listings and info (the Hub's field names).</summary>
public sealed record RepoInfo
{
    public required string Id { get; init; }

    public required string Author { get; init; }

    public string? Sha { get; init; }

    public DateTime LastModified { get; init; }

    public DateTime CreatedAt { get; init; }

    public bool Private { get; init; }

    public bool Disabled { get; init; }

    public int Likes { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sdk { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? CardData { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RepoSibling>? Siblings { get; init; }

    /// <summary>For a Space's info: its runtime (stage, hardware, sleep time, domain), as <c>GET .../runtime</c> answers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SpaceRuntimeInfo? Runtime { get; init; }
}

/// <summary>A file of a repository in info answers.</summary>
public sealed record RepoSibling(string Rfilename, long? Size);

/// <summary><c>GET /api/whoami-v2</c>.</summary>
public sealed record WhoAmI(string Type, string Id, string Name, string? Fullname, string? Email, bool IsAdmin, IReadOnlyList<WhoAmIOrg> Orgs, WhoAmIAuth Auth);

/// <summary>An organization in whoami.</summary>
public sealed record WhoAmIOrg(string Type, string Name, string? Fullname, string RoleInOrg);

/// <summary>How the caller authenticated.</summary>
public sealed record WhoAmIAuth(string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WhoAmIToken? AccessToken);

/// <summary>The token used.</summary>
public sealed record WhoAmIToken(string DisplayName, string Role);

/// <summary><c>POST /api/settings/tokens</c>.</summary>
public sealed record CreateTokenBody(string? Name, string? Role);

/// <summary>A token in lists (never its secret).</summary>
public sealed record TokenInfo(long Id, string Name, string Role, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>A new token: the only answer that carries the secret.</summary>
public sealed record CreatedTokenInfo(long Id, string Name, string Role, string Token);

/// <summary><c>POST /api/organizations/create</c>.</summary>
public sealed record CreateOrganizationBody(string? Name, string? DisplayName);

/// <summary><c>PUT /api/organizations/{org}/members/{user}</c>.</summary>
public sealed record MemberBody(string? Role);

/// <summary>A member in lists.</summary>
public sealed record MemberInfo(string User, string Role);

/// <summary>Like count after a like or unlike.</summary>
public sealed record LikeInfo(bool Liked, int Likes);

/// <summary>A commit in <c>GET /api/{type}s/{id}/commits/{rev}</c>.</summary>
public sealed record CommitEntry(string Id, string Title, string Message, IReadOnlyList<CommitAuthorEntry> Authors, DateTimeOffset Date, IReadOnlyList<string> Parents);

/// <summary>An author of a commit.</summary>
public sealed record CommitAuthorEntry(string User, string? Email);

/// <summary><c>GET /api/{type}s/{id}/refs</c>.</summary>
public sealed record RefsInfo(IReadOnlyList<RefEntry> Branches, IReadOnlyList<RefEntry> Tags, IReadOnlyList<RefEntry> Converts);

/// <summary>A branch or tag.</summary>
public sealed record RefEntry(string Name, string Ref, string TargetCommit);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(CreateRepoBody))]
[JsonSerializable(typeof(CreatedRepo))]
[JsonSerializable(typeof(DeleteRepoBody))]
[JsonSerializable(typeof(MoveRepoBody))]
[JsonSerializable(typeof(RepoSettingsBody))]
[JsonSerializable(typeof(DuplicateBody))]
[JsonSerializable(typeof(RepoInfo))]
[JsonSerializable(typeof(IReadOnlyList<RepoInfo>))]
[JsonSerializable(typeof(WhoAmI))]
[JsonSerializable(typeof(CreateTokenBody))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(CreatedTokenInfo))]
[JsonSerializable(typeof(CreateOrganizationBody))]
[JsonSerializable(typeof(MemberBody))]
[JsonSerializable(typeof(WhoAmIOrg))]
[JsonSerializable(typeof(IReadOnlyList<MemberInfo>))]
[JsonSerializable(typeof(LikeInfo))]
[JsonSerializable(typeof(IReadOnlyList<CommitEntry>))]
[JsonSerializable(typeof(RefsInfo))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
