using Spaces.Docker;
using Spaces.Docker.Benchmarks;

// Plain Stopwatch harness: each figure is measured against its baseline in the same run (see docs/benchmarks.md).
var options = BenchmarkOptions.Parse(args);
using var client = new DockerClient(new DockerClientOptions());
await using var resources = new BenchmarkResources(client);
await client.System.PingAsync();

Console.WriteLine($"Spaces.Docker benchmarks: engine {client.Endpoint}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
var logs = await new LogStreamingBenchmark(client, resources, options).RunAsync();
var startup = await new StartupBenchmark(client, resources, options).RunAsync();

Console.WriteLine();
Console.WriteLine("| Benchmark | Result |");
Console.WriteLine("|---|---|");
foreach (var row in logs.Concat(startup))
{
    Console.WriteLine($"| {row.Name} | {row.Value} |");
}
