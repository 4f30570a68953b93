using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Builds;

/// <summary>The <see cref="SpaceBuild"/> rows and the build-time reads of the database; each call uses its own scope (singleton-safe).</summary>
internal sealed class BuildRecords(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Stores a queued build and returns its id.</summary>
    public async Task<long> CreateAsync(long spaceId, string revision, bool noCache, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var build = new SpaceBuild
        {
            RepoId = spaceId,
            Revision = revision,
            NoCache = noCache,
            Status = SpaceBuildStatus.Queued,
            CreatedAt = Now,
        };
        db.SpaceBuilds.Add(build);
        await db.SaveChangesAsync(cancellationToken);
        return build.Id;
    }

    public Task MarkRunningAsync(long buildId, CancellationToken cancellationToken) =>
        UpdateAsync(buildId, build =>
        {
            build.Status = SpaceBuildStatus.Running;
            build.StartedAt = Now;
        }, cancellationToken);

    /// <summary>Stores how a build ended (never cancelled itself: the end of a build must be recorded).</summary>
    public Task FinishAsync(long buildId, SpaceBuildStatus status, string? imageId, string? errorMessage) =>
        UpdateAsync(buildId, build =>
        {
            build.Status = status;
            build.ImageId = imageId;
            build.ErrorMessage = errorMessage;
            build.FinishedAt = Now;
        }, CancellationToken.None);

    /// <summary>Marks builds left queued or running by an earlier process (created before <paramref name="before"/>) as cancelled.</summary>
    public async Task<int> CancelInterruptedAsync(DateTime before, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var stale = await db.SpaceBuilds
            .Where(b => (b.Status == SpaceBuildStatus.Queued || b.Status == SpaceBuildStatus.Running) && b.CreatedAt < before)
            .ToListAsync(cancellationToken);
        foreach (var build in stale)
        {
            build.Status = SpaceBuildStatus.Cancelled;
            build.ErrorMessage = "The platform restarted before the build ended.";
            build.FinishedAt = Now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    /// <summary>
    /// The Space's variables, which become build arguments. Secrets are deliberately not read here: they never reach a build.
    /// </summary>
    public async Task<Dictionary<string, string>> VariablesAsync(long spaceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceVariables.AsNoTracking().Where(v => v.RepoId == spaceId)
            .ToDictionaryAsync(v => v.Key, v => v.Value, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Image ids of the Space's succeeded builds, each with its newest build id (to rank images by recency).</summary>
    public async Task<Dictionary<string, long>> BuiltImagesAsync(long spaceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var builds = await db.SpaceBuilds.AsNoTracking()
            .Where(b => b.RepoId == spaceId && b.Status == SpaceBuildStatus.Succeeded && b.ImageId != null)
            .Select(b => new { b.Id, b.ImageId })
            .ToListAsync(cancellationToken);
        return builds.GroupBy(b => b.ImageId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(b => b.Id), StringComparer.Ordinal);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task UpdateAsync(long buildId, Action<SpaceBuild> update, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var build = await db.SpaceBuilds.FirstOrDefaultAsync(b => b.Id == buildId, cancellationToken);
        if (build is null)
        {
            // The Space (and its builds) was deleted meanwhile.
            return;
        }

        update(build);
        await db.SaveChangesAsync(cancellationToken);
    }
}
