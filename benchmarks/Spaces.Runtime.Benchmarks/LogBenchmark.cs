using System.Diagnostics;
using System.Globalization;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// Run log lines from the container to a watcher of <see cref="SpaceNotifications.WatchAsync(long?, CancellationToken)"/> (what the hub and SSE endpoints
/// read). Latency: an app prints <c>date +%s%N</c> every ~10 ms; latency = the watcher's receive time - that timestamp (one host
/// clock), split at the notification's publish stamp into engine + follower and delivery. Throughput: an app prints <c>seq 1 N</c>
/// as fast as it can once asked; every number must arrive, in order; baseline: the app's own printing rate, from its timestamps.
/// </summary>
internal sealed class LogBenchmark(BenchmarkPlatform platform, HttpAnswer http, BenchmarkOptions options)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>One line of the ticker: milliseconds from its timestamp to publication and to reception.</summary>
    private readonly record struct Tick(double Published, double Received);

    /// <summary>What the watcher counted of a burst: numbers, their order, gaps in the notification sequence, and the timestamps.</summary>
    private readonly record struct Burst(
        int Received, long OutOfOrder, long SequenceGaps, long StartPrinted, long EndPrinted, long FirstReceived, long LastReceived);

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<BenchmarkRow>();
        rows.AddRange(await LatencyAsync(cancellationToken));
        rows.AddRange(await ThroughputAsync(cancellationToken));
        return rows;
    }

    private async Task<IReadOnlyList<BenchmarkRow>> LatencyAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"Log line latency: a Space printing its clock every ~10 ms, watched for {options.LatencySeconds} s");
        var space = await StartAsync(SpaceApps.DockerTicker(Guid.NewGuid().ToString("N")), cancellationToken);
        var ticks = new List<Tick>();
        var dropped = platform.Notifications.Dropped;
        try
        {
            // One second to settle after RUNNING (the probe, the first lines), then measure.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(TimeSpan.FromSeconds(options.LatencySeconds));
            try
            {
                await foreach (var notification in platform.Notifications.WatchAsync(space.Id, window.Token))
                {
                    var received = UnixNanoseconds(DateTime.UtcNow);
                    if (notification is LogLineNotification { Kind: LogKind.Run } line && long.TryParse(line.Line, CultureInfo.InvariantCulture, out var printed))
                    {
                        ticks.Add(new Tick((UnixNanoseconds(line.At) - printed) / 1e6, (received - printed) / 1e6));
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The measuring window ended.
            }
        }
        finally
        {
            await platform.RemoveSpaceAsync(space.Id);
        }

        if (ticks.Count == 0)
        {
            throw new InvalidOperationException("The watcher received no clock line from the ticker Space.");
        }

        var latencies = ticks.Select(t => t.Received).ToList();
        var published = ticks.Select(t => t.Published).ToList();
        var p95 = Statistics.Percentile(latencies, 95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {ticks.Count} lines: p50 {Statistics.Percentile(latencies, 50):F1} ms, p95 {p95:F1} ms, p99 {Statistics.Percentile(latencies, 99):F1} ms, max {latencies.Max():F1} ms"));
        return
        [
            new BenchmarkRow(
                $"Log line latency, container to watcher ({ticks.Count} lines over {options.LatencySeconds} s)",
                string.Create(CultureInfo.InvariantCulture,
                    $"p50 {Statistics.Percentile(latencies, 50):F1} ms, **p95 {p95:F1} ms**, p99 {Statistics.Percentile(latencies, 99):F1} ms, max {latencies.Max():F1} ms"),
                string.Create(CultureInfo.InvariantCulture,
                    $"of which engine + follower (to the publish stamp): p50 {Statistics.Percentile(published, 50):F1} ms, p95 {Statistics.Percentile(published, 95):F1} ms; dropped {platform.Notifications.Dropped - dropped}"),
                $"p95 < 100 ms: {(p95 < 100 ? "met" : "**missed**")}"),
        ];
    }

    private async Task<IReadOnlyList<BenchmarkRow>> ThroughputAsync(CancellationToken cancellationToken)
    {
        var lines = options.Lines;
        Console.WriteLine($"Log throughput: a Space printing seq 1 {lines:N0} as fast as it can, every line counted by a watcher");
        var space = await StartAsync(SpaceApps.DockerBurst(Guid.NewGuid().ToString("N"), lines), cancellationToken);
        try
        {
            var dropped = platform.Notifications.Dropped;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(2));

            // The watcher registers on its first MoveNextAsync, here, before the burst is asked for.
            var watch = platform.Notifications.WatchAsync(space.Id, limit.Token).GetAsyncEnumerator(limit.Token);
            var reading = ReadBurstAsync(watch, watch.MoveNextAsync());
            try
            {
                var port = (await platform.Lifecycle.GetEndpointAsync(space.Id, cancellationToken))?.HostPort
                    ?? throw new InvalidOperationException("The burst Space has no endpoint.");
                await http.WaitAsync(port, "go", TimeSpan.FromSeconds(10), cancellationToken, "/cgi-bin/go");
            }
            catch
            {
                await limit.CancelAsync();
                await IgnoreCancellationAsync(reading);
                throw;
            }

            Burst burst;
            try
            {
                burst = await reading;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("The burst's end line did not arrive within 2 minutes.");
            }

            var (received, outOfOrder, sequenceGaps, startPrinted, endPrinted, firstReceived, lastReceived) = burst;
            if (endPrinted == 0)
            {
                throw new InvalidOperationException($"The burst's end line never arrived ({received:N0} of {lines:N0} lines received).");
            }

            var droppedNow = platform.Notifications.Dropped - dropped;
            var watcherRate = received / Stopwatch.GetElapsedTime(firstReceived, lastReceived).TotalSeconds;
            var printRate = lines / ((endPrinted - startPrinted) / 1e9);
            var lagAtEnd = (UnixNanoseconds(DateTime.UtcNow) - endPrinted) / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  received {received:N0} of {lines:N0} ({outOfOrder} out of order, {sequenceGaps} sequence gaps, {droppedNow} dropped): {watcherRate:N0} lines/s; the app printed {printRate:N0} lines/s"));
            return
            [
                new BenchmarkRow(
                    $"Log throughput, {lines:N0} lines as fast as printed, one watcher",
                    string.Create(CultureInfo.InvariantCulture,
                        $"**{watcherRate:N0} lines/s**; received {received:N0} of {lines:N0}, lost {lines - received:N0}, out of order {outOfOrder}, dropped (SpaceNotifications.Dropped) {droppedNow}"),
                    string.Create(CultureInfo.InvariantCulture,
                        $"the app printed {printRate:N0} lines/s; the last line reached the watcher {Statistics.Ms(lagAtEnd)} after it was printed"),
                    $"nothing lost: {(received == lines && droppedNow == 0 ? "met" : "**missed**")}"),
            ];
        }
        finally
        {
            await platform.RemoveSpaceAsync(space.Id);
        }
    }

    /// <summary>Counts the burst's lines until its end line (the enumerator is disposed at the end).</summary>
    private static async Task<Burst> ReadBurstAsync(IAsyncEnumerator<SpaceNotification> watch, ValueTask<bool> first)
    {
        await using var _ = watch;
        long startPrinted = 0, firstReceived = 0, next = 1, outOfOrder = 0, sequenceGaps = 0, lastSequence = 0;
        var received = 0;
        var hasNext = await first;
        while (hasNext)
        {
            if (watch.Current is LogLineNotification { Kind: LogKind.Run } line)
            {
                var now = Stopwatch.GetTimestamp();
                sequenceGaps += lastSequence > 0 && line.Sequence != lastSequence + 1 ? 1 : 0;
                lastSequence = line.Sequence;
                if (line.Line.StartsWith("burst-start ", StringComparison.Ordinal))
                {
                    startPrinted = long.Parse(line.Line.AsSpan(12), CultureInfo.InvariantCulture);
                    firstReceived = now;
                }
                else if (line.Line.StartsWith("burst-end ", StringComparison.Ordinal))
                {
                    return new Burst(received, outOfOrder, sequenceGaps, startPrinted, long.Parse(line.Line.AsSpan(10), CultureInfo.InvariantCulture), firstReceived, now);
                }
                else if (long.TryParse(line.Line, CultureInfo.InvariantCulture, out var number))
                {
                    received++;
                    outOfOrder += number == next ? 0 : 1;
                    next = number + 1;
                }
            }

            hasNext = await watch.MoveNextAsync();
        }

        return new Burst(received, outOfOrder, sequenceGaps, startPrinted, 0, firstReceived, 0);
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Cancelled on purpose.
        }
    }

    /// <summary>Creates a docker Space and waits until it is RUNNING.</summary>
    private async Task<Repo> StartAsync(Dictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        await using var stages = new StageTracker(platform.Notifications);
        var started = Stopwatch.GetTimestamp();
        var space = await platform.CreateSpaceAsync("docker", files, cancellationToken);
        await stages.WaitAsync(space.Id, SpaceStage.Running, null, started, StartTimeout, cancellationToken);
        return space;
    }

    private static long UnixNanoseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
