using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;

namespace Spaces.Hub.Benchmarks;

/// <summary>
/// The home page's two Space sections (8 examples, 8 trending, as cards with their stage) over the search seed plus 20 pinned
/// Spaces and an examples organization: as the page asks now (two indexed queries for the examples, one for trending, one for
/// the 16 cards' stages), against one stage read per card (interleaved with it), and against the way it listed before (the
/// 1,000 most liked Spaces with a count, each card parsed to find the pinned ones), in the same run.
/// </summary>
internal sealed class HomeBenchmark(IServiceProvider services, int spaces, int iterations)
{
    private const string Examples = "examples";

    public async Task<IReadOnlyList<(string Name, string Value)>> RunAsync()
    {
        var total = await SeedAsync();
        var (now, perCard) = await MeasureInterleavedAsync();
        var (before, found) = await MeasureAsync((directory, repos) => BeforeAsync(directory, repos), complete: false);
        var (nowLists, _) = await MeasureAsync((directory, _) => NowAsync(directory, cards: false), complete: true);
        var (beforeLists, _) = await MeasureAsync((directory, repos) => BeforeAsync(directory, repos, cards: false), complete: false);
        // Spaces that ran have a runtime row, and the per-card read then also asked for the last transition.
        await AddRuntimeRowsAsync();
        var (nowRan, perCardRan) = await MeasureInterleavedAsync();
        return
        [
            ($"home sections over {total:N0} spaces: examples + trending, from the database", Describe(now) + ", 8 examples"),
            ("baseline: the same, one stage query per card (before the batched read)", Describe(perCard)),
            ("baseline: the same sections from the 1,000 most liked (before)", Describe(before) + $", {found} examples found"),
            ("the listings alone, without the 16 cards' stage reads: now", Describe(nowLists)),
            ("the listings alone, without the 16 cards' stage reads: before", Describe(beforeLists)),
            ("every Space with a runtime row and a transition: examples + trending (now)", Describe(nowRan)),
            ("every Space with a runtime row and a transition: one stage read per card (before)", Describe(perCardRan)),
        ];
    }

    private static async Task<(int Pinned, int Trending)> NowAsync(SpaceDirectory directory, bool cards = true)
    {
        var pinned = await directory.PinnedAsync(null, Examples, 8);
        var trending = await directory.TrendingAsync(null, [.. pinned.Select(r => r.Id)], 8);
        if (!cards)
        {
            return (pinned.Count, trending.Count);
        }

        // As Home.razor.cs: both sections' cards together, one stage query.
        var all = await directory.CardsAsync([.. pinned, .. trending]);
        return (all.Take(pinned.Count).Count(), all.Skip(pinned.Count).Count());
    }

    // The home sections as now, with each card's stage read as SpaceDirectory did before the batched read, line for line.
    private static async Task<(int Pinned, int Trending)> PerCardAsync(SpaceDirectory directory, SpaceStateReader states)
    {
        var pinned = await directory.PinnedAsync(null, Examples, 8);
        var trending = await directory.TrendingAsync(null, [.. pinned.Select(r => r.Id)], 8);
        return ((await PerCardStagesAsync(states, pinned)).Count, (await PerCardStagesAsync(states, trending)).Count);
    }

    private static async Task<IReadOnlyList<SpaceCardModel>> PerCardStagesAsync(SpaceStateReader states, IEnumerable<Repo> spaces)
    {
        var cards = new List<SpaceCardModel>();
        foreach (var (repo, card) in spaces.Select(repo => (repo, SpaceCardModel.From(repo, default))))
        {
            var state = await states.ReadAsync(repo);
            cards.Add(card with { Stage = state.Stage });
        }

        return cards;
    }

    /// <summary>Now (one stage query for all cards) and per card, alternating request by request (first one, then the other) so load changes hit both.</summary>
    private async Task<(List<double> Now, List<double> PerCard)> MeasureInterleavedAsync()
    {
        var now = new List<double>();
        var perCard = new List<double>();
        for (var i = 0; i < iterations + 5; i++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                var batched = (i + turn) % 2 == 0;
                var watch = Stopwatch.StartNew();
                await using var scope = services.CreateAsyncScope();
                var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
                var states = States(scope.ServiceProvider);
                var directory = new SpaceDirectory(repos, states, Options.Create(new RuntimeOptions()));
                var (pinned, trending) = batched ? await NowAsync(directory) : await PerCardAsync(directory, states);
                watch.Stop();
                if (pinned != 8 || trending != 8)
                {
                    throw new InvalidOperationException($"home sections held {pinned} examples and {trending} trending: the seed is wrong");
                }

                if (i >= 5)
                {
                    (batched ? now : perCard).Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        return (now, perCard);
    }

    // Home.razor.cs before the Pinned column, line for line.
    private static async Task<(int Pinned, int Trending)> BeforeAsync(SpaceDirectory directory, RepoService repos, bool cards = true)
    {
        var liked = (await repos.SearchAsync(null, new RepoQuery(RepoType.Space, Sort: RepoSort.Likes, Offset: 0, Limit: SpaceDirectory.MaxScan))).Items;
        var pinned = liked
            .Where(repo => string.Equals(repo.Owner?.Name, Examples, StringComparison.OrdinalIgnoreCase) || SpaceCardModel.From(repo, default).Pinned)
            .Take(8)
            .ToList();
        var trending = liked.Where(repo => !pinned.Contains(repo)).Take(8).ToList();
        return cards ? ((await directory.CardsAsync(pinned)).Count, (await directory.CardsAsync(trending)).Count) : (pinned.Count, trending.Count);
    }

    private async Task<(List<double> Samples, int Pinned)> MeasureAsync(
        Func<SpaceDirectory, RepoService, Task<(int Pinned, int Trending)>> sections, bool complete)
    {
        var samples = new List<double>();
        var found = 0;
        for (var i = 0; i < iterations + 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            var (pinned, trending) = await sections(Directory(scope.ServiceProvider, repos), repos);
            watch.Stop();
            if (trending != 8 || (complete && pinned != 8))
            {
                throw new InvalidOperationException($"home sections held {pinned} examples and {trending} trending: the seed is wrong");
            }

            found = pinned;
            if (i >= 5)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return (samples, found);
    }

    // What the page builds per request, with the stage reader as the runtime registers it.
    private SpaceDirectory Directory(IServiceProvider scoped, RepoService repos) =>
        new(repos, States(scoped), Options.Create(new RuntimeOptions()));

    private SpaceStateReader States(IServiceProvider scoped)
    {
        var stages = new SpaceStageStore(scoped.GetRequiredService<IServiceScopeFactory>(), new SpaceNotifications(TimeProvider.System), TimeProvider.System);
        return new SpaceStateReader(stages, Options.Create(new RuntimeOptions()), services.GetRequiredService<IOptions<SpacesOptions>>());
    }

    /// <summary>The search seed (when this runs alone), then an examples organization with 4 Spaces and 20 pinned Spaces, all liked little.</summary>
    private async Task<int> SeedAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        if (!await db.Repos.AnyAsync())
        {
            await SearchBenchmark.SeedAsync(services, spaces);
        }

        var org = new Account { Name = Examples, NormalizedName = Examples, Kind = AccountKind.Organization, CreatedAt = DateTime.UtcNow };
        db.Accounts.Add(org);
        await db.SaveChangesAsync();
        var owner = await db.Accounts.FirstAsync(a => a.NormalizedName == "user1");
        var random = new Random(7);
        var now = DateTime.UtcNow;
        for (var i = 0; i < 24; i++)
        {
            var name = $"home-{i}";
            var repo = new Repo
            {
                Type = RepoType.Space,
                OwnerId = i < 4 ? org.Id : owner.Id,
                Name = name,
                NormalizedName = name,
                StorageKey = Guid.NewGuid().ToString("N"),
                Sdk = "docker",
                // Liked like the seed (0-499): the old listing saw only those among its first 1,000.
                Likes = random.Next(500),
                CardData = i < 4 ? $$"""{"title":"{{name}}","sdk":"docker"}""" : $$"""{"title":"{{name}}","sdk":"docker","pinned":true}""",
                CreatedAt = now,
                LastModified = now.AddSeconds(-random.Next(1_000_000)),
            };
            new RepoCard(repo.Sdk, repo.CardData, null, null).ApplyTo(repo);
            db.Repos.Add(repo);
        }

        await db.SaveChangesAsync();
        return await db.Repos.CountAsync(r => r.Type == RepoType.Space);
    }

    /// <summary>A runtime row (stopped, no container) and one stage transition for every Space.</summary>
    private async Task AddRuntimeRowsAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var ids = await db.Repos.Where(r => r.Type == RepoType.Space).Select(r => r.Id).ToListAsync();
        var now = DateTime.UtcNow;
        db.SpaceRuntimes.AddRange(ids.Select(id => new SpaceRuntime { RepoId = id, Stage = SpaceStage.Stopped, StageSince = now, DesiredState = SpaceDesiredState.Stopped }));
        db.SpaceStageEvents.AddRange(ids.Select(id => new SpaceStageEvent { RepoId = id, Stage = SpaceStage.Stopped, Reason = "benchmark", At = now }));
        await db.SaveChangesAsync();
    }

    private static string Describe(List<double> samples) =>
        $"p50 {Percentiles.Of(samples, 50):0.0} ms, p95 {Percentiles.Of(samples, 95):0.0} ms";
}
