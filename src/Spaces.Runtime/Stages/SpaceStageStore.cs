using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Stages;

/// <summary>
/// Stores every stage transition (time, reason, message, revision) and the Space's current runtime row, then publishes the change.
/// Singleton: each call uses its own database scope, so background workers can call it.
/// </summary>
public sealed class SpaceStageStore(IServiceScopeFactory scopes, SpaceNotifications notifications, TimeProvider time)
{
    /// <summary>The runtime row of a Space, or null when it never ran.</summary>
    public async Task<SpaceRuntime?> GetAsync(long spaceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceRuntimes.AsNoTracking().FirstOrDefaultAsync(r => r.RepoId == spaceId, cancellationToken);
    }

    /// <summary>
    /// The current stage of each of <paramref name="spaceIds"/> that has a runtime row, in one query (a page of cards);
    /// Spaces that never ran are missing from the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, SpaceStage>> StagesAsync(IReadOnlyCollection<long> spaceIds, CancellationToken cancellationToken = default)
    {
        if (spaceIds.Count == 0)
        {
            return new Dictionary<long, SpaceStage>();
        }

        long[] ids = [.. spaceIds.Distinct()];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceRuntimes.AsNoTracking().Where(r => ids.Contains(r.RepoId))
            .ToDictionaryAsync(r => r.RepoId, r => r.Stage, cancellationToken);
    }

    /// <summary>
    /// Moves a Space to <paramref name="stage"/>, recording <paramref name="reason"/>; <paramref name="update"/> may change other fields of
    /// the runtime row in the same save. Returns the updated row.
    /// </summary>
    public async Task<SpaceRuntime> TransitionAsync(
        long spaceId,
        SpaceStage stage,
        string reason,
        string? errorMessage = null,
        string? revision = null,
        Action<SpaceRuntime>? update = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var runtime = await db.SpaceRuntimes.FirstOrDefaultAsync(r => r.RepoId == spaceId, cancellationToken);
        if (runtime is null)
        {
            runtime = new SpaceRuntime { RepoId = spaceId, DesiredState = SpaceDesiredState.Running };
            db.SpaceRuntimes.Add(runtime);
        }

        var changed = runtime.Stage != stage || runtime.ErrorMessage != errorMessage || db.Entry(runtime).State == EntityState.Added;
        runtime.Stage = stage;
        runtime.ErrorMessage = errorMessage;
        if (changed)
        {
            runtime.StageSince = now;
        }

        update?.Invoke(runtime);
        if (changed)
        {
            db.SpaceStageEvents.Add(new SpaceStageEvent
            {
                RepoId = spaceId,
                Stage = stage,
                Reason = reason.Length > 512 ? reason[..512] : reason,
                ErrorMessage = errorMessage,
                Revision = revision,
                At = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        if (changed)
        {
            notifications.Publish(new StageChanged(spaceId, now, stage, reason, errorMessage, revision));
        }

        return runtime;
    }

    /// <summary>Changes fields of the runtime row without a stage transition (ports, activity, crash count).</summary>
    public async Task UpdateAsync(long spaceId, Action<SpaceRuntime> update, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var runtime = await db.SpaceRuntimes.FirstOrDefaultAsync(r => r.RepoId == spaceId, cancellationToken);
        if (runtime is null)
        {
            return;
        }

        update(runtime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The stage history of a Space, newest first.</summary>
    public async Task<IReadOnlyList<SpaceStageEvent>> HistoryAsync(long spaceId, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceStageEvents.AsNoTracking().Where(e => e.RepoId == spaceId)
            .OrderByDescending(e => e.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
    }
}
