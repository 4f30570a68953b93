using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Spaces.Core.Repositories;
using Spaces.Core.Problems;
using Spaces.Web.Api.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Live;

namespace Spaces.Web.Api;

/// <summary>Repository lifecycle and metadata, on the Hugging Face Hub's paths and JSON shapes.</summary>
public static class ReposApi
{
    /// <summary>Maps <c>/api/repos/*</c> and <c>/api/{models|spaces}/...</c> (listing, info, settings, likes, history, refs, duplicate).</summary>
    public static IEndpointRouteBuilder MapReposApi(this IEndpointRouteBuilder endpoints)
    {
        var repos = endpoints.MapGroup("/api/repos");
        repos.MapPost("/create", CreateAsync);
        repos.MapDelete("/delete", DeleteAsync);
        repos.MapPost("/move", MoveAsync);

        foreach (var (segment, type) in RepoRoutes.Types)
        {
            var group = endpoints.MapGroup("/api/" + segment);
            group.MapGet("", (HttpContext http, RepoService service, ActorAccessor actors, string? search, string? author, string? filter,
                    string? sort, int? limit, int? offset, CancellationToken ct) =>
                ListAsync(http, service, actors, type, search, author, filter, sort, limit, offset, ct));
            group.MapGet("/{owner}/{name}", (RepoService service, RepoStorage storage, SpaceStateReader states, ActorAccessor actors, string owner, string name, CancellationToken ct) =>
                InfoAsync(service, storage, states, actors, type, owner, name, null, ct));
            group.MapGet("/{owner}/{name}/revision/{**revision}", (RepoService service, RepoStorage storage, SpaceStateReader states, ActorAccessor actors, string owner, string name, string revision, CancellationToken ct) =>
                InfoAsync(service, storage, states, actors, type, owner, name, revision, ct));
            group.MapPut("/{owner}/{name}/settings", (RepoService service, ActorAccessor actors, string owner, string name, RepoSettingsBody body, CancellationToken ct) =>
                SettingsAsync(service, actors, type, owner, name, body, ct));
            group.MapPost("/{owner}/{name}/like", (RepoService service, ActorAccessor actors, string owner, string name, CancellationToken ct) =>
                LikeAsync(service, actors, type, owner, name, like: true, ct));
            group.MapDelete("/{owner}/{name}/like", (RepoService service, ActorAccessor actors, string owner, string name, CancellationToken ct) =>
                LikeAsync(service, actors, type, owner, name, like: false, ct));
            group.MapGet("/{owner}/{name}/commits/{**revision}", (RepoService service, RepoStorage storage, ActorAccessor actors, string owner, string name, string revision, int? p, int? limit, CancellationToken ct) =>
                CommitsAsync(service, storage, actors, type, owner, name, revision, p, limit, ct));
            group.MapGet("/{owner}/{name}/refs", (RepoService service, RepoStorage storage, ActorAccessor actors, string owner, string name, CancellationToken ct) =>
                RefsAsync(service, storage, actors, type, owner, name, ct));
            group.MapPost("/{owner}/{name}/duplicate", (RepoService service, ActorAccessor actors, string owner, string name, DuplicateBody body, CancellationToken ct) =>
                DuplicateAsync(service, actors, type, owner, name, body, ct));
        }

        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateRepoBody body, RepoService service, ActorAccessor actors, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        var type = RepoRoutes.ParseType(body.Type);
        var isPrivate = RepoRoutes.ParseVisibility(body.Private, body.Visibility) ?? false;
        var repo = await service.CreateAsync(actor, new CreateRepoRequest(
            type, body.Organization ?? actor.User.Name, body.Name ?? "", isPrivate, body.Sdk, body.Hardware, body.SleepTimeSeconds, body.License), ct);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{RepoRoutes.PagePath(repo)}";
        return TypedResults.Json(new CreatedRepo(url, repo.FullName, repo.FullName), ApiJsonContext.Default.CreatedRepo);
    }

    private static async Task<IResult> DeleteAsync([FromBody] DeleteRepoBody body, RepoService service, ActorAccessor actors, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        var (owner, name) = SplitNameAndOrganization(body.Name, body.Organization, actor);
        var repo = await service.GetReadableAsync(actor, RepoRoutes.ParseType(body.Type), owner, name, ct);
        await service.DeleteAsync(actor, repo, ct);
        return TypedResults.Ok();
    }

    private static async Task<IResult> MoveAsync(MoveRepoBody body, RepoService service, ActorAccessor actors, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        var (fromOwner, fromName) = RepoRoutes.SplitId(body.FromRepo, "fromRepo");
        var (toOwner, toName) = RepoRoutes.SplitId(body.ToRepo, "toRepo");
        var repo = await service.GetReadableAsync(actor, RepoRoutes.ParseType(body.Type), fromOwner, fromName, ct);
        await service.MoveAsync(actor, repo, toOwner, toName, ct);
        return TypedResults.Ok();
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, RepoService service, ActorAccessor actors, RepoType type, string? search, string? author, string? filter,
        string? sort, int? limit, int? offset, CancellationToken ct)
    {
        var order = sort?.ToLowerInvariant() switch
        {
            null or "" or "lastmodified" or "last_modified" => RepoSort.LastModified,
            "likes" => RepoSort.Likes,
            "createdat" or "created_at" => RepoSort.Created,
            "name" or "id" => RepoSort.Name,
            _ => throw ProblemException.Invalid("sort", $"Unknown sort '{sort}': use likes, lastModified, createdAt or name."),
        };
        if (limit is < 1 or > 1000)
        {
            throw ProblemException.Invalid("limit", "limit must be between 1 and 1000.");
        }

        if (offset is < 0)
        {
            throw ProblemException.Invalid("offset", "offset cannot be negative.");
        }

        // The Hub's `filter` names a tag, or for Spaces an SDK.
        var sdk = type == RepoType.Space && !string.IsNullOrEmpty(filter) && RepoService.Sdks.Contains(filter) ? filter : null;
        var tag = sdk is null && !string.IsNullOrWhiteSpace(filter) ? filter : null;
        var query = new RepoQuery(type, search, author, sdk, tag, order, offset ?? 0, limit ?? 100);
        var (items, total) = await service.SearchAsync(await actors.GetAsync(ct), query, ct);
        http.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (query.Offset + items.Count < total)
        {
            var next = $"{http.Request.Path}?offset={query.Offset + items.Count}&limit={query.Limit}";
            http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return TypedResults.Json<IReadOnlyList<RepoInfo>>([.. items.Select(r => ToInfo(r))], ApiJsonContext.Default.IReadOnlyListRepoInfo);
    }

    private static async Task<IResult> InfoAsync(
        RepoService service, RepoStorage storage, SpaceStateReader states, ActorAccessor actors, RepoType type, string owner, string name,
        string? revision, CancellationToken ct)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(ct), type, owner, name, ct);
        var git = storage.Open(repo);
        var sha = revision is null ? repo.HeadCommit : await git.ResolveAsync(revision, ct)
            ?? throw ProblemException.NotFound($"Revision '{revision}' does not exist in {repo.FullName}.");
        IReadOnlyList<TreeEntry> files = sha is null ? [] : await git.ListTreeAsync(sha, recursive: true, cancellationToken: ct);
        // The head's card is kept on the row; another revision's is read from that commit.
        var cardJson = revision is null || sha is null || sha == repo.HeadCommit
            ? repo.CardData
            : (await RepoCard.ReadAsync(repo, git, sha, ct)).CardJson;
        var info = ToInfo(repo, sha, files, cardJson);
        if (repo.Type == RepoType.Space)
        {
            // The Hub answers a Space's info with its runtime too (stage, hardware, sleep time, domain).
            info = info with { Runtime = SpaceRuntimeInfo.From(await states.ReadAsync(repo, ct)) };
        }

        return TypedResults.Json(info, ApiJsonContext.Default.RepoInfo);
    }

    private static async Task<IResult> SettingsAsync(RepoService service, ActorAccessor actors, RepoType type, string owner, string name, RepoSettingsBody body, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        var repo = await service.GetWritableAsync(actor, type, owner, name, ct);
        if (RepoRoutes.ParseVisibility(body.Private, body.Visibility) is { } isPrivate)
        {
            await service.SetPrivateAsync(actor!, repo, isPrivate, ct);
        }

        return TypedResults.Json(ToInfo(repo), ApiJsonContext.Default.RepoInfo);
    }

    private static async Task<IResult> LikeAsync(RepoService service, ActorAccessor actors, RepoType type, string owner, string name, bool like, CancellationToken ct)
    {
        // Existence first: a private repository is 404 to those who cannot read it, signed in or not.
        var repo = await service.GetReadableAsync(await actors.GetAsync(ct), type, owner, name, ct);
        var actor = await actors.RequireAsync(ct);
        if (!actor.CanWrite)
        {
            throw ProblemException.Forbidden("This access token can only read; liking needs a write token or a login session.");
        }

        var likes = await service.SetLikeAsync(actor, repo, like, ct);
        return TypedResults.Json(new LikeInfo(like, likes), ApiJsonContext.Default.LikeInfo);
    }

    private static async Task<IResult> CommitsAsync(
        RepoService service, RepoStorage storage, ActorAccessor actors, RepoType type, string owner, string name, string revision, int? page, int? limit, CancellationToken ct)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(ct), type, owner, name, ct);
        var size = Math.Clamp(limit ?? 50, 1, 1000);
        IReadOnlyList<CommitInfo> commits;
        try
        {
            commits = await storage.Open(repo).LogAsync(revision, Math.Max(0, page ?? 0) * size, size, cancellationToken: ct);
        }
        catch (RepoEntryNotFoundException missing)
        {
            throw ProblemException.NotFound(missing.Message);
        }

        return TypedResults.Json<IReadOnlyList<CommitEntry>>(
            [.. commits.Select(c => new CommitEntry(c.Id, c.Title, c.Message, [new CommitAuthorEntry(c.AuthorName, c.AuthorEmail)], c.Date, c.Parents))],
            ApiJsonContext.Default.IReadOnlyListCommitEntry);
    }

    private static async Task<IResult> RefsAsync(RepoService service, RepoStorage storage, ActorAccessor actors, RepoType type, string owner, string name, CancellationToken ct)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(ct), type, owner, name, ct);
        var refs = await storage.Open(repo).ListRefsAsync(ct);
        return TypedResults.Json(new RefsInfo(
            [.. refs.Where(r => r.Kind == "branch").Select(r => new RefEntry(r.Name, "refs/heads/" + r.Name, r.Target))],
            [.. refs.Where(r => r.Kind == "tag").Select(r => new RefEntry(r.Name, "refs/tags/" + r.Name, r.Target))],
            []), ApiJsonContext.Default.RefsInfo);
    }

    private static async Task<IResult> DuplicateAsync(RepoService service, ActorAccessor actors, RepoType type, string owner, string name, DuplicateBody body, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        var source = await service.GetReadableAsync(actor, type, owner, name, ct);
        var (toOwner, toName) = RepoRoutes.SplitId(body.Repository, "repository");
        var copy = await service.DuplicateAsync(actor, source, toOwner, toName, RepoRoutes.ParseVisibility(body.Private, body.Visibility), ct);
        return TypedResults.Json(new CreatedRepo(RepoRoutes.PagePath(copy), copy.FullName, copy.FullName), ApiJsonContext.Default.CreatedRepo);
    }

    private static (string Owner, string Name) SplitNameAndOrganization(string? name, string? organization, Core.Repositories.Actor actor) =>
        name?.Contains('/', StringComparison.Ordinal) == true
            ? RepoRoutes.SplitId(name, "name")
            : (organization ?? actor.User.Name, name ?? throw ProblemException.Invalid("name", "The repository name is missing."));

    /// <summary>The Hub's repository info shape; files only when <paramref name="files"/> is given.</summary>
    internal static RepoInfo ToInfo(Repo repo, string? sha = null, IReadOnlyList<TreeEntry>? files = null, string? cardJson = null)
    {
        var card = ParseCard(cardJson ?? repo.CardData);
        return new()
        {
            Id = repo.FullName,
            Author = repo.Owner?.Name ?? "",
            Sha = sha ?? repo.HeadCommit,
            LastModified = repo.LastModified,
            CreatedAt = repo.CreatedAt,
            Private = repo.IsPrivate,
            Likes = repo.Likes,
            Sdk = repo.Sdk,
            Tags = TagsOf(card),
            CardData = card,
            Siblings = files?.Where(f => f.Type == TreeEntryType.File).Select(f => new RepoSibling(f.Path, f.Size)).ToList(),
        };
    }

    private static JsonElement? ParseCard(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static IReadOnlyList<string> TagsOf(JsonElement? card) =>
        card is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)]
            : [];
}
