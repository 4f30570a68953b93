using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;
using Spaces.Core.Problems;
using Spaces.Core.Repositories.Uploads;
using Spaces.Core.Spaces;

namespace Spaces.Core.Repositories;

/// <summary>Repositories: create, find, list, commit, move, duplicate, like, delete — the database row and its git repository together.</summary>
public sealed partial class RepoService(
    SpacesDbContext db,
    RepoStorage storage,
    RepoAccess access,
    RepoEvents events,
    TimeProvider time,
    IOptions<UploadLimits>? limits = null)
{
    /// <summary>SDKs a Space may name.</summary>
    public static readonly IReadOnlyList<string> Sdks = ["docker", "blazor", "static"];

    /// <summary>The repository <c>owner/name</c> of a type, with its owner loaded, or null.</summary>
    public async Task<Repo?> FindAsync(RepoType type, string owner, string name, CancellationToken cancellationToken = default)
    {
        var normalizedOwner = AccountNames.NormalizeAccount(owner);
        var normalizedName = AccountNames.NormalizeRepo(name);
        return await db.Repos.Include(r => r.Owner)
            .FirstOrDefaultAsync(r => r.Type == type && r.Owner!.NormalizedName == normalizedOwner && r.NormalizedName == normalizedName, cancellationToken);
    }

    /// <summary>The repository if <paramref name="actor"/> may read it; otherwise 404 (private repositories do not exist for others).</summary>
    public async Task<Repo> GetReadableAsync(Actor? actor, RepoType type, string owner, string name, CancellationToken cancellationToken = default)
    {
        var repo = await FindAsync(type, owner, name, cancellationToken);
        if (repo is null || !await access.CanReadAsync(actor, repo, cancellationToken))
        {
            throw NotFound(type, owner, name);
        }

        return repo;
    }

    /// <summary>The repository if <paramref name="actor"/> may write it; 404 when it may not even read it, 401/403 otherwise.</summary>
    public async Task<Repo> GetWritableAsync(Actor? actor, RepoType type, string owner, string name, CancellationToken cancellationToken = default)
    {
        var repo = await GetReadableAsync(actor, type, owner, name, cancellationToken);
        await RequireWriteAsync(actor, repo, cancellationToken);
        return repo;
    }

    /// <summary>Throws 401 for anonymous callers and 403 for callers who may read but not write.</summary>
    public async Task RequireWriteAsync(Actor? actor, Repo repo, CancellationToken cancellationToken = default)
    {
        if (actor is null)
        {
            throw new ProblemException(ProblemKind.Unauthorized, "Log in or send an access token with write access.");
        }

        if (!await access.CanWriteAsync(actor, repo, cancellationToken))
        {
            throw ProblemException.Forbidden(actor.CanWrite
                ? $"You cannot write to {repo.FullName}."
                : "This access token can only read; create one with the write role.");
        }
    }

    /// <summary>Commits to a repository the actor may write, then records the new head and tells the watchers.</summary>
    public async Task<CommitResult> CommitAsync(Actor actor, Repo repo, CommitRequest request, CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        CommitResult result;
        try
        {
            var quota = request.MaxRepoBytes ?? limits?.Value.MaxRepoBytes;
            result = await storage.Open(repo).CommitAsync(request with { Author = AuthorOf(actor.User), MaxRepoBytes = quota }, cancellationToken);
        }
        catch (RepoConflictException conflict)
        {
            throw new ProblemException(ProblemKind.PreconditionFailed, conflict.Message, "parentCommit");
        }
        catch (InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid("path", invalid.Message);
        }
        catch (RepoEntryNotFoundException missing)
        {
            throw ProblemException.NotFound(missing.Message);
        }
        catch (RepoQuotaExceededException quota)
        {
            throw new ProblemException(ProblemKind.TooLarge, quota.Message);
        }

        if (result.Changed)
        {
            await RecordHeadAsync(repo, result.CommitId, cancellationToken);
        }

        return result;
    }

    /// <summary>After a git push: reads the new head of main and, when it moved, records it and tells the watchers.</summary>
    public async Task SyncHeadAsync(Repo repo, CancellationToken cancellationToken = default)
    {
        var head = await storage.Open(repo).ResolveAsync("refs/heads/main", cancellationToken);
        if (head is not null && head != repo.HeadCommit)
        {
            await RecordHeadAsync(repo, head, cancellationToken);
        }
    }

    /// <summary>Renames a repository or moves it to another owner the actor may create under.</summary>
    public async Task<Repo> MoveAsync(Actor actor, Repo repo, string toOwner, string toName, CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        AccountNames.ValidateRepo(toName, "toRepo");
        var owner = await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedName == AccountNames.NormalizeAccount(toOwner), cancellationToken)
            ?? throw ProblemException.Invalid("toRepo", $"There is no user or organization named '{toOwner}'.");
        if (owner.Id != repo.OwnerId && !await access.CanCreateUnderAsync(actor, owner.Id, cancellationToken))
        {
            throw ProblemException.Forbidden($"You cannot move repositories to '{owner.Name}'.");
        }

        var normalized = AccountNames.NormalizeRepo(toName);
        if (await db.Repos.AnyAsync(r => r.Id != repo.Id && r.Type == repo.Type && r.OwnerId == owner.Id && r.NormalizedName == normalized, cancellationToken))
        {
            throw ProblemException.Conflict($"{owner.Name}/{toName} already exists.", "toRepo");
        }

        repo.OwnerId = owner.Id;
        repo.Owner = owner;
        repo.Name = toName;
        repo.NormalizedName = normalized;
        repo.LastModified = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Publish(repo, RepoChangeKind.Moved);
        return repo;
    }

    /// <summary>Changes visibility.</summary>
    public async Task SetPrivateAsync(Actor actor, Repo repo, bool isPrivate, CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        repo.IsPrivate = isPrivate;
        await db.SaveChangesAsync(cancellationToken);
        Publish(repo, RepoChangeKind.SettingsChanged);
    }

    /// <summary>Deletes the repository, its likes, variables and secrets, and its git directory.</summary>
    public async Task DeleteAsync(Actor actor, Repo repo, CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        db.Repos.Remove(repo);
        await db.SaveChangesAsync(cancellationToken);
        storage.Delete(repo);
        Publish(repo, RepoChangeKind.Deleted);
    }

    /// <summary>Likes (or, with <paramref name="like"/> false, unlikes) a repository; returns the new like count.</summary>
    public async Task<int> SetLikeAsync(Actor actor, Repo repo, bool like, CancellationToken cancellationToken = default)
    {
        var existing = await db.RepoLikes.FirstOrDefaultAsync(l => l.RepoId == repo.Id && l.UserId == actor.User.Id, cancellationToken);
        if (like && existing is null)
        {
            db.RepoLikes.Add(new RepoLike { RepoId = repo.Id, UserId = actor.User.Id, CreatedAt = time.GetUtcNow().UtcDateTime });
        }
        else if (!like && existing is not null)
        {
            db.RepoLikes.Remove(existing);
        }

        await db.SaveChangesAsync(cancellationToken);
        repo.Likes = await db.RepoLikes.CountAsync(l => l.RepoId == repo.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return repo.Likes;
    }

    /// <summary>Whether the user likes the repository.</summary>
    public Task<bool> LikesAsync(long userId, long repoId, CancellationToken cancellationToken = default) =>
        db.RepoLikes.AnyAsync(l => l.RepoId == repoId && l.UserId == userId, cancellationToken);

    /// <summary>Repositories the actor may read that match the query, with the total count before paging.</summary>
    public async Task<(IReadOnlyList<Repo> Items, int Total)> SearchAsync(Actor? actor, RepoQuery query, CancellationToken cancellationToken = default)
    {
        var repos = await MatchingAsync(actor, query, cancellationToken);
        var total = await repos.CountAsync(cancellationToken);
        return (await PageAsync(repos, query, cancellationToken), total);
    }

    /// <summary>
    /// One page of the repositories the actor may read that match the query, without counting them all: for sections that show a
    /// few (the home page), where a count would visit every row.
    /// </summary>
    public async Task<IReadOnlyList<Repo>> ListAsync(Actor? actor, RepoQuery query, CancellationToken cancellationToken = default) =>
        await PageAsync(await MatchingAsync(actor, query, cancellationToken), query, cancellationToken);

    private static async Task<List<Repo>> PageAsync(IQueryable<Repo> repos, RepoQuery query, CancellationToken cancellationToken)
    {
        repos = query.Sort switch
        {
            RepoSort.Likes => repos.OrderByDescending(r => r.Likes).ThenByDescending(r => r.LastModified).ThenBy(r => r.Id),
            RepoSort.Created => repos.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
            RepoSort.Name => repos.OrderBy(r => r.NormalizedName).ThenBy(r => r.Id),
            _ => repos.OrderByDescending(r => r.LastModified).ThenBy(r => r.Id),
        };
        return await repos.Include(r => r.Owner)
            .Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The most frequent tags and pipeline tags among the <paramref name="sample"/> most liked repositories the actor may read
    /// (of the query's type and author), for gallery filters.
    /// </summary>
    public async Task<(IReadOnlyList<string> Tags, IReadOnlyList<string> Tasks)> FacetsAsync(
        Actor? actor, RepoType type, string? author, int sample = 1000, CancellationToken cancellationToken = default)
    {
        var repos = await MatchingAsync(actor, new RepoQuery(type, Author: author), cancellationToken);
        var rows = await repos.OrderByDescending(r => r.Likes).ThenBy(r => r.Id).Take(sample)
            .Select(r => new { r.Tags, r.PipelineTag }).ToListAsync(cancellationToken);
        var tags = rows.SelectMany(r => (r.Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(30).Select(g => g.Key).ToList();
        var tasks = await repos.Where(r => r.PipelineTag != null).Select(r => r.PipelineTag!).Distinct().ToListAsync(cancellationToken);
        return (tags, [.. tasks.Order(StringComparer.Ordinal)]);
    }

    private async Task<IQueryable<Repo>> MatchingAsync(Actor? actor, RepoQuery query, CancellationToken cancellationToken)
    {
        var repos = db.Repos.AsNoTracking().Where(r => r.Type == query.Type);
        if (actor is null)
        {
            repos = repos.Where(r => !r.IsPrivate);
        }
        else if (!actor.User.IsAdmin)
        {
            var owners = await access.ReadableOwnersAsync(actor.User, cancellationToken);
            repos = repos.Where(r => !r.IsPrivate || owners.Contains(r.OwnerId));
        }

        if (!string.IsNullOrWhiteSpace(query.Author))
        {
            var author = AccountNames.NormalizeAccount(query.Author.Trim());
            repos = repos.Where(r => r.Owner!.NormalizedName == author);
        }

        foreach (var word in SearchWords(query.Search))
        {
            var slug = AccountNames.NormalizeRepo(word);
            repos = repos.Where(r => r.NormalizedName.Contains(slug) || r.Owner!.NormalizedName.Contains(word)
                || (r.SearchText != null && r.SearchText.Contains(word)));
        }

        if (!string.IsNullOrWhiteSpace(query.Sdk))
        {
            var sdk = query.Sdk.Trim().ToLowerInvariant();
            repos = repos.Where(r => r.Sdk == sdk);
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = "," + query.Tag.Trim().ToLowerInvariant() + ",";
            repos = repos.Where(r => r.Tags != null && r.Tags.Contains(tag));
        }

        if (!string.IsNullOrWhiteSpace(query.PipelineTag))
        {
            var task = query.PipelineTag.Trim().ToLowerInvariant();
            repos = repos.Where(r => r.PipelineTag == task);
        }

        if (!string.IsNullOrWhiteSpace(query.Hardware))
        {
            var hardware = query.Hardware.Trim().ToLowerInvariant();
            repos = string.Equals(hardware, query.DefaultHardware, StringComparison.OrdinalIgnoreCase)
                ? repos.Where(r => (r.RequestedHardware ?? r.CardHardware) == null || (r.RequestedHardware ?? r.CardHardware)!.ToLower() == hardware)
                : repos.Where(r => (r.RequestedHardware ?? r.CardHardware)!.ToLower() == hardware);
        }

        if (query.Stages is { } stages)
        {
            repos = WhereStage(repos, stages);
        }

        if (query.PinnedOnly)
        {
            // Compared with a parameter: EF writes a constant true as the bare column, which SQLite cannot look up in an index.
            var pinned = true;
            repos = repos.Where(r => r.Pinned == pinned);
        }

        if (query.ExcludeIds is { Count: > 0 } excluded)
        {
            var ids = excluded.ToList();
            repos = repos.Where(r => !ids.Contains(r.Id));
        }

        return repos;
    }

    /// <summary>The stage test <c>SpaceStateReader</c> applies, as SQL: the runtime row's stage, else the config's, else NoAppFile or Building.</summary>
    private IQueryable<Repo> WhereStage(IQueryable<Repo> repos, IReadOnlyCollection<SpaceStage> stages)
    {
        var wanted = stages.Distinct().ToList();
        var configNames = wanted.Select(s => s.ToHubName()).ToList();
        var noApp = wanted.Contains(SpaceStage.NoAppFile);
        var building = wanted.Contains(SpaceStage.Building);
        return repos.Where(r =>
            db.SpaceRuntimes.Any(s => s.RepoId == r.Id && wanted.Contains(s.Stage))
            || (!db.SpaceRuntimes.Any(s => s.RepoId == r.Id)
                && ((r.ConfigStage != null && configNames.Contains(r.ConfigStage))
                    || (r.ConfigStage == null && ((noApp && r.HeadCommit == null) || (building && r.HeadCommit != null))))));
    }

    /// <summary>Lower-case search words, at most eight.</summary>
    private static List<string> SearchWords(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(8)];

    /// <summary>The commit author recorded for a user.</summary>
    public static CommitAuthor AuthorOf(Account user) => new(user.Name, user.Email ?? $"{user.NormalizedName}@users.spaces.local");

    private async Task RecordHeadAsync(Repo repo, string head, CancellationToken cancellationToken)
    {
        repo.HeadCommit = head;
        (await RepoCard.ReadAsync(repo, storage.Open(repo), head, cancellationToken)).ApplyTo(repo);
        repo.LastModified = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Publish(repo, RepoChangeKind.Committed);
    }

    private void Publish(Repo repo, RepoChangeKind kind) =>
        events.Publish(new RepoChange(repo.Id, repo.Type, repo.FullName, kind, repo.HeadCommit, time.GetUtcNow().UtcDateTime));

    private static ProblemException NotFound(RepoType type, string owner, string name) =>
        ProblemException.NotFound($"{char.ToUpperInvariant(TypeName(type)[0])}{TypeName(type)[1..]} {owner}/{name} does not exist (or is private).");

    private static string TypeName(RepoType type) => type == RepoType.Space ? "space" : "model";
}
