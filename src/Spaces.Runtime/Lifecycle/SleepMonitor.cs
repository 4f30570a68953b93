using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Lifecycle;

/// <summary>
/// Puts Spaces to sleep after their sleep time without a request (the gateway reports activity; the last deployment counts as
/// activity too). Sleep time: the Space's setting, else <c>sleep_time</c> in its README, else <see cref="RuntimeOptions.DefaultSleepTimeSeconds"/>;
/// -1 never sleeps. Static Spaces have no container and never sleep.
/// </summary>
public sealed partial class SleepMonitor(
    SpaceLifecycle lifecycle, IServiceScopeFactory scopes, IOptions<RuntimeOptions> options, TimeProvider time, ILogger<SleepMonitor> logger)
    : BackgroundService
{
    /// <summary>How often idle Spaces are looked for.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PutIdleSpacesToSleepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.CheckFailed(logger, ex);
            }
        }
    }

    /// <summary>Sleeps every serving Space idle for longer than its sleep time; returns their ids.</summary>
    public async Task<IReadOnlyList<long>> PutIdleSpacesToSleepAsync(CancellationToken cancellationToken = default)
    {
        List<(long Id, DateTime Since, int? Setting, string? Card)> serving;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            serving = (await db.SpaceRuntimes.AsNoTracking()
                    .Where(r => r.DesiredState == SpaceDesiredState.Running && r.RunningContainerId != null && r.Stage == SpaceStage.Running)
                    .Join(db.Repos.AsNoTracking(), r => r.RepoId, repo => repo.Id,
                        (r, repo) => new { r.RepoId, r.StageSince, r.LastActivityAt, repo.SleepTimeSeconds, repo.CardData })
                    .ToListAsync(cancellationToken))
                .Select(r => (r.RepoId, Max(r.StageSince, r.LastActivityAt), r.SleepTimeSeconds, r.CardData))
                .ToList();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var slept = new List<long>();
        foreach (var (id, since, setting, card) in serving)
        {
            var seconds = setting ?? SleepTimeOf(card) ?? options.Value.DefaultSleepTimeSeconds;
            var lastActivity = lifecycle.TryGetLastActivity(id, out var reported) ? Max(since, reported) : since;
            if (seconds >= 0 && now - lastActivity >= TimeSpan.FromSeconds(seconds))
            {
                Log.Sleeping(logger, id, seconds);
                await lifecycle.SleepAsync(id, cancellationToken);
                slept.Add(id);
            }
        }

        return slept;
    }

    private static DateTime Max(DateTime a, DateTime? b) => b is { } value && value > a ? value : a;

    // sleep_time from README.md's front matter, as kept on the repository row.
    private static int? SleepTimeOf(string? cardJson)
    {
        if (string.IsNullOrEmpty(cardJson))
        {
            return null;
        }

        using var card = JsonDocument.Parse(cardJson);
        return card.RootElement.ValueKind == JsonValueKind.Object
            && card.RootElement.TryGetProperty("sleep_time", out var value) && value.TryGetInt32(out var seconds)
            ? seconds
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "Space {SpaceId} sleeps after {Seconds} s without requests")]
        public static partial void Sleeping(ILogger logger, long spaceId, int seconds);

        [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "Looking for idle Spaces failed")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
