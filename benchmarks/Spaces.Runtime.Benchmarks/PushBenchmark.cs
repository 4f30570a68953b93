using System.Diagnostics;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Benchmarks;

/// <summary>A Space that reached RUNNING, kept for the wake benchmark: its SDK, id and the page it answers with.</summary>
internal sealed record PushedSpace(string Sdk, Repo Space, string Page);

/// <summary>
/// Push to RUNNING: from the commit call to the stage RUNNING (as a watcher receives it) and to the first HTTP answer of that revision
/// on its port. Cold: a new Space whose layers are its own (a nonce first in the Dockerfile / in the project), so nothing of it is
/// cached. Warm: a second commit to that Space changing only the page file (the layer cache holds everything before it). Each run
/// has its baseline: the engine alone building the same files (cold: another nonce; warm: the page changed; blazor with a
/// hand-written Dockerfile of the platform's steps) and starting the image to its first answer.
/// </summary>
internal sealed class PushBenchmark(BenchmarkPlatform platform, BareEngine engine, HttpAnswer http, BenchmarkOptions options)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// One push, in milliseconds from the commit call: to RUNNING and to the first answer; the commit call's return; the stage changes:
    /// BUILDING received, the build (BUILDING to APP_STARTING), the start (APP_STARTING to RUNNING).
    /// </summary>
    private readonly record struct Push(double ToRunning, double ToAnswer, double Commit, double BuildingAt, double Build, double Start);

    public List<PushedSpace> Kept { get; } = [];

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<BenchmarkRow>();
        foreach (var (sdk, runs) in new[] { ("docker", options.DockerPushes), ("blazor", options.BlazorPushes) })
        {
            if (runs <= 0)
            {
                continue;
            }

            Console.WriteLine($"Push to RUNNING, {sdk} Space: {runs} cold + {runs} warm, each with its bare-engine baseline");
            var cold = new List<Push>();
            var warm = new List<Push>();
            var coldBaseline = new List<double>();
            var warmBaseline = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var nonce = Guid.NewGuid().ToString("N");
                var page = $"cold {nonce}";
                var files = sdk == "docker" ? SpaceApps.DockerHttpd(nonce, page) : SpaceApps.Blazor(nonce, page);
                await using var stages = new StageTracker(platform.Notifications);
                var started = Stopwatch.GetTimestamp();
                var space = await platform.CreateSpaceAsync(sdk, files, cancellationToken);
                var committed = Stopwatch.GetTimestamp();
                cold.Add(await MeasureAsync(stages, space, null, page, started, committed, SpaceStage.Building, SpaceStage.AppStarting, cancellationToken));

                var warmPage = $"warm {nonce}";
                started = Stopwatch.GetTimestamp();
                var commit = await platform.CommitAsync(space, SpaceApps.Page(warmPage), cancellationToken);
                committed = Stopwatch.GetTimestamp();
                warm.Add(await MeasureAsync(
                    stages, space, commit, warmPage, started, committed, SpaceStage.RunningBuilding, SpaceStage.RunningAppStarting, cancellationToken));

                // The engine alone on the same files: cold (a nonce of its own), then warm (only the page changed).
                var baselineNonce = Guid.NewGuid().ToString("N");
                coldBaseline.Add(await BaselineAsync(BaselineFiles(sdk, baselineNonce, page), page, cancellationToken));
                warmBaseline.Add(await BaselineAsync(BaselineFiles(sdk, baselineNonce, warmPage), warmPage, cancellationToken));

                Console.WriteLine(
                    $"  run {run + 1}: cold {Statistics.Ms(cold[^1].ToAnswer)} (build {Statistics.Ms(cold[^1].Build)}), " +
                    $"warm {Statistics.Ms(warm[^1].ToAnswer)} (build {Statistics.Ms(warm[^1].Build)}); " +
                    $"engine alone: cold {Statistics.Ms(coldBaseline[^1])}, warm {Statistics.Ms(warmBaseline[^1])}");

                if (run < runs - 1)
                {
                    // Only the last Space of each SDK stays (for the wake benchmark): the others would take memory and CPU from what follows.
                    await platform.RemoveSpaceAsync(space.Id);
                }
                else
                {
                    Kept.Add(new PushedSpace(sdk, await platform.ReloadAsync(space, cancellationToken), warmPage));
                }
            }

            rows.Add(Row($"Push to RUNNING, {sdk}, cold", cold, coldBaseline));
            rows.Add(Row($"Push to RUNNING, {sdk}, warm (page file changed)", warm, warmBaseline));
        }

        return rows;
    }

    private static BenchmarkRow Row(string name, List<Push> pushes, List<double> baseline)
    {
        var answer = Median(pushes, p => p.ToAnswer);
        var result = $"**{Statistics.Ms(answer)}** to first answer (RUNNING {Statistics.Ms(Median(pushes, p => p.ToRunning))}; " +
            $"commit call returned {Statistics.Ms(Median(pushes, p => p.Commit))}, BUILDING at {Statistics.Ms(Median(pushes, p => p.BuildingAt))}, " +
            $"build phase {Statistics.Ms(Median(pushes, p => p.Build))}, start phase {Statistics.Ms(Median(pushes, p => p.Start))}; " +
            $"median of {pushes.Count}, max {Statistics.Ms(pushes.Max(p => p.ToAnswer))})";
        var against = $"engine alone (build + create + start + answer): {Statistics.Summary(baseline)}; platform adds {Statistics.Ms(answer - Statistics.Median(baseline))}";
        return new BenchmarkRow(name, result, against);
    }

    private static double Median(List<Push> pushes, Func<Push, double> figure) => Statistics.Median([.. pushes.Select(figure)]);

    private Dictionary<string, byte[]> BaselineFiles(string sdk, string nonce, string page) =>
        sdk == "docker" ? SpaceApps.DockerHttpd(nonce, page) : SpaceApps.BlazorWithDockerfile(nonce, page, platform.Labels);

    private async Task<Push> MeasureAsync(
        StageTracker stages,
        Repo space,
        string? revision,
        string page,
        long started,
        long committed,
        SpaceStage building,
        SpaceStage starting,
        CancellationToken cancellationToken)
    {
        var running = await stages.WaitAsync(space.Id, SpaceStage.Running, revision, started, BuildTimeout, cancellationToken);
        var endpoint = await platform.Lifecycle.GetEndpointAsync(space.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Space {space.Id} is RUNNING without an endpoint.");
        await http.WaitAsync(endpoint.HostPort, page, TimeSpan.FromSeconds(30), cancellationToken);
        var answered = Stopwatch.GetTimestamp();

        var seen = stages.Of(space.Id).Where(s => s.ReceivedAt >= started).ToList();
        if (options.Trace)
        {
            var timeline = seen.Select(s => (s.ReceivedAt, $"stage {s.Stage.ToHubName()}"))
                .Concat(stages.BuildLinesOf(space.Id).Where(l => l.ReceivedAt >= started).Select(l => (l.ReceivedAt, $"build | {l.Line}")))
                .Append((committed, "commit call returned"))
                .Append((answered, "first HTTP answer"))
                .OrderBy(e => e.Item1);
            foreach (var (at, what) in timeline)
            {
                Console.WriteLine($"    {Ms(started, at),8:F0} ms  {what}");
            }
        }

        var buildAt = seen.FirstOrDefault(s => s.Stage == building)?.ReceivedAt ?? committed;
        var startAt = seen.FirstOrDefault(s => s.Stage == starting)?.ReceivedAt ?? running.ReceivedAt;
        return new Push(
            Ms(started, running.ReceivedAt),
            Ms(started, answered),
            Ms(started, committed),
            Ms(started, buildAt),
            Ms(buildAt, startAt),
            Ms(startAt, running.ReceivedAt));
    }

    private async Task<double> BaselineAsync(Dictionary<string, byte[]> files, string page, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var image = await engine.BuildAsync(files, cancellationToken);
        await engine.StartToAnswerAsync(image, page, cancellationToken);
        return Ms(started, Stopwatch.GetTimestamp());
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
