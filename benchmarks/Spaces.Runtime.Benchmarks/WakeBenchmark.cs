using System.Diagnostics;
using System.Globalization;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// Wake from sleep: <c>SleepAsync</c> (not timed), then <c>WakeAsync</c> and GET / on the endpoint the platform gives until the app
/// answers. Baseline, interleaved run by run so both see the same load: the engine alone creating and starting a container of the
/// same image (hardened alike) until it answers. One uncounted warm-up of each first.
/// </summary>
internal sealed class WakeBenchmark(BenchmarkPlatform platform, BareEngine engine, HttpAnswer http, BenchmarkOptions options)
{
    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(IReadOnlyList<PushedSpace> spaces, CancellationToken cancellationToken)
    {
        var rows = new List<BenchmarkRow>();
        foreach (var pushed in spaces)
        {
            var (runs, goal) = pushed.Sdk == "docker" ? (options.DockerWakes, 600.0) : (options.BlazorWakes, 1500.0);
            if (runs <= 0)
            {
                continue;
            }

            Console.WriteLine($"Wake from sleep, {pushed.Sdk} Space: {runs} wakes and {runs} bare-engine starts, interleaved");
            var runtime = await platform.Stages.GetAsync(pushed.Space.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Space {pushed.Space.Id} has no runtime row.");
            var image = platform.Resources.ImageTag(pushed.Space.Id, runtime.RunningRevision
                ?? throw new InvalidOperationException($"Space {pushed.Space.Id} runs no revision."));

            var woken = new List<double>();
            var answered = new List<double>();
            var bare = new List<double>();
            await WakeAsync(pushed, cancellationToken);
            await engine.StartToAnswerAsync(image, pushed.Page, cancellationToken);
            for (var run = 0; run < runs; run++)
            {
                // Alternate the order so neither side always runs right after the other's container went away.
                if (run % 2 == 0)
                {
                    bare.Add(await engine.StartToAnswerAsync(image, pushed.Page, cancellationToken));
                }

                var (wake, answer) = await WakeAsync(pushed, cancellationToken);
                woken.Add(wake);
                answered.Add(answer);
                if (run % 2 == 1)
                {
                    bare.Add(await engine.StartToAnswerAsync(image, pushed.Page, cancellationToken));
                }

                Console.WriteLine($"  run {run + 1}: WakeAsync {Statistics.Ms(wake)}, answer {Statistics.Ms(answer)}; engine alone {Statistics.Ms(bare[^1])}");
            }

            var p50 = Statistics.Median(answered);
            var bareP50 = Statistics.Median(bare);
            rows.Add(new BenchmarkRow(
                $"Wake from sleep to first answer, {pushed.Sdk}, p50 of {runs}",
                string.Create(CultureInfo.InvariantCulture,
                    $"**{Statistics.Ms(p50)}** (WakeAsync returned {Statistics.Ms(Statistics.Median(woken))}; p90 {Statistics.Ms(Statistics.Percentile(answered, 90))}, max {Statistics.Ms(answered.Max())})"),
                string.Create(CultureInfo.InvariantCulture,
                    $"engine alone (create + start + answer): p50 {Statistics.Ms(bareP50)} (max {Statistics.Ms(bare.Max())}); platform adds {Statistics.Ms(p50 - bareP50)}"),
                $"p50 < {Statistics.Ms(goal)}: {(p50 < goal ? "met" : "**missed**")}"));
        }

        return rows;
    }

    /// <summary>Puts the Space to sleep, then wakes it: milliseconds until WakeAsync returned and until the app answered.</summary>
    private async Task<(double Woken, double Answered)> WakeAsync(PushedSpace pushed, CancellationToken cancellationToken)
    {
        await platform.Lifecycle.SleepAsync(pushed.Space.Id, cancellationToken);
        var space = await platform.ReloadAsync(pushed.Space, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        if (!await platform.Lifecycle.WakeAsync(space, cancellationToken))
        {
            var runtime = await platform.Stages.GetAsync(space.Id, cancellationToken);
            throw new InvalidOperationException($"Space {space.Id} did not wake: {runtime?.Stage} {runtime?.ErrorMessage}");
        }

        var woken = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var endpoint = await platform.Lifecycle.GetEndpointAsync(space.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Space {space.Id} woke without an endpoint.");
        await http.WaitAsync(endpoint.HostPort, pushed.Page, TimeSpan.FromSeconds(30), cancellationToken);
        return (woken, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
