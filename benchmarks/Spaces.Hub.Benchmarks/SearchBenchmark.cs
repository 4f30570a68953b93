using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;

namespace Spaces.Hub.Benchmarks;

/// <summary>
/// Search over 10,000 Spaces through RepoService.SearchAsync (the code behind GET /api/spaces) on SQLite: p50/p95 of typical queries,
/// each as a whole request would run it (new scope and DbContext), against the time of the database's own bare COUNT(*) in the same run.
/// </summary>
internal sealed class SearchBenchmark(IServiceProvider services, int spaces, int iterations)
{
    private static readonly string[] Words = ["ocr", "voice", "chat", "vision", "speech", "translate", "detect", "segment", "demo", "live"];

    public async Task<IReadOnlyList<(string Name, string Value)>> RunAsync()
    {
        await SeedAsync(services, spaces);
        var queries = new (string Name, RepoQuery Query)[]
        {
            ("newest page (no filter)", new RepoQuery(RepoType.Space)),
            ("search 'ocr', by likes", new RepoQuery(RepoType.Space, Search: "ocr", Sort: RepoSort.Likes)),
            ("author + sdk filter", new RepoQuery(RepoType.Space, Author: "user7", Sdk: "docker")),
            ("page 50 by name", new RepoQuery(RepoType.Space, Sort: RepoSort.Name, Offset: 1500, Limit: 30)),
            ("two description words, by likes", new RepoQuery(RepoType.Space, Search: "Vision STREAMS", Sort: RepoSort.Likes)),
            ("tag + hardware + stage, page 10 of 24", new RepoQuery(RepoType.Space, Tag: "voice", Sort: RepoSort.Likes, Offset: 216, Limit: 24)
                { Hardware = "cpu-basic", DefaultHardware = "cpu-basic", Stages = [Spaces.Core.Spaces.SpaceStage.NoAppFile] }),
        };

        var rows = new List<(string, string)>();
        var anonymous = (Actor?)null;
        foreach (var (name, query) in queries)
        {
            var samples = new List<double>();
            for (var i = 0; i < iterations + 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await using var scope = services.CreateAsyncScope();
                var (items, total) = await scope.ServiceProvider.GetRequiredService<RepoService>().SearchAsync(anonymous, query);
                watch.Stop();
                if (i >= 5)
                {
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                }

                if (items.Count == 0 || total == 0)
                {
                    throw new InvalidOperationException($"query '{name}' found nothing: the seed is wrong");
                }
            }

            rows.Add(($"search over {spaces:N0} spaces: {name}", $"p50 {Percentiles.Of(samples, 50):0.0} ms, p95 {Percentiles.Of(samples, 95):0.0} ms"));
        }

        var baseline = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SpacesDbContext>().Repos.CountAsync();
            baseline.Add(watch.Elapsed.TotalMilliseconds);
        }

        rows.Add(("baseline: bare COUNT(*) of the table, new scope", $"p50 {Percentiles.Of(baseline, 50):0.0} ms, p95 {Percentiles.Of(baseline, 95):0.0} ms"));
        return rows;
    }

    /// <summary>100 owners (<c>user0</c>..) and <paramref name="spaces"/> Space rows with cards; rows only: listings read the database, never git.</summary>
    public static async Task SeedAsync(IServiceProvider services, int spaces)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var owners = Enumerable.Range(0, 100).Select(i => new Account
        {
            Name = $"user{i}",
            NormalizedName = $"user{i}",
            Kind = AccountKind.User,
            CreatedAt = DateTime.UtcNow,
        }).ToList();
        db.Accounts.AddRange(owners);
        await db.SaveChangesAsync();
        var random = new Random(42);
        var now = DateTime.UtcNow;
        for (var i = 0; i < spaces; i++)
        {
            var name = $"{Words[random.Next(Words.Length)]}-{Words[random.Next(Words.Length)]}-{i}";
            var repo = new Repo
            {
                Type = RepoType.Space,
                OwnerId = owners[i % owners.Count].Id,
                Name = name,
                NormalizedName = name,
                StorageKey = Guid.NewGuid().ToString("N"),
                IsPrivate = i % 10 == 0,
                Sdk = (i % 3) switch { 0 => "docker", 1 => "blazor", _ => "static" },
                Likes = random.Next(500),
                CardData = $$"""{"title":"{{name}}","sdk":"docker","short_description":"Detect {{Words[i * 7 % Words.Length]}} in {{Words[i * 3 % Words.Length]}} streams","tags":["{{Words[i % Words.Length]}}"]}""",
                CreatedAt = now.AddMinutes(-i),
                LastModified = now.AddSeconds(-random.Next(1_000_000)),
            };
            // As a commit does: the card's search columns are filled from its data.
            new RepoCard(repo.Sdk, repo.CardData, null, null).ApplyTo(repo);
            db.Repos.Add(repo);
        }

        await db.SaveChangesAsync();
    }
}
