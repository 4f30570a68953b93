using Spaces.Docker;
using Spaces.Runtime.Benchmarks;

// Plain Stopwatch harness: each figure is printed with its baseline from the same run (see docs/benchmarks.md, "Spaces.Runtime").
var options = BenchmarkOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C cancels the benchmark; cleanup still runs.
    e.Cancel = true;
    stop.Cancel();
};

using var docker = new DockerClient();
await docker.System.PingAsync(stop.Token);
if (!await docker.Images.ExistsAsync(SpaceApps.BaseImage, stop.Token))
{
    throw new InvalidOperationException($"{SpaceApps.BaseImage} is missing; scripts/bench-runtime prepares it.");
}

var machine = await MachineInfo.DescribeAsync(docker, stop.Token);
Console.WriteLine($"Spaces.Runtime benchmarks: {machine}");
var loads = new List<string> { $"start {MachineInfo.LoadAverage()}" };
var rows = new List<BenchmarkRow>();
await using (var platform = await BenchmarkPlatform.StartAsync(docker, stop.Token))
{
    Console.WriteLine($"Platform instance {platform.Resources.Instance}, data {platform.DataDir}, run {platform.RunId}");
    using var http = new HttpAnswer();
    var engine = new BareEngine(docker, platform, http);
    var push = new PushBenchmark(platform, engine, http, options);
    if (options.Runs("push"))
    {
        rows.AddRange(await push.RunAsync(stop.Token));
        loads.Add($"after push {MachineInfo.LoadAverage()}");
    }

    if (options.Runs("wake"))
    {
        rows.AddRange(await new WakeBenchmark(platform, engine, http, options).RunAsync(push.Kept, stop.Token));
        loads.Add($"after wake {MachineInfo.LoadAverage()}");
    }

    foreach (var kept in push.Kept)
    {
        await platform.RemoveSpaceAsync(kept.Space.Id);
    }

    if (options.Runs("logs"))
    {
        rows.AddRange(await new LogBenchmark(platform, http, options).RunAsync(stop.Token));
        loads.Add($"after logs {MachineInfo.LoadAverage()}");
    }

    Console.WriteLine("Removing what the benchmark created...");
}

Console.WriteLine();
Console.WriteLine($"Load average (1/5/15 min): {string.Join("; ", loads)}");
Console.WriteLine();
Console.WriteLine("| Benchmark | Result | Baseline (same run) | Goal |");
Console.WriteLine("|---|---|---|---|");
foreach (var row in rows)
{
    Console.WriteLine($"| {row.Name} | {row.Result} | {row.Baseline} | {row.Goal} |");
}
