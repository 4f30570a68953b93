using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Hub.Benchmarks;

// Plain Stopwatch harness (docs/benchmarks.md, "Hub core"): every figure next to a baseline measured in the same run.
var spaces = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
var dataDir = Path.Combine(Path.GetTempPath(), $"spaces-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(dataDir);
try
{
    var options = new SpacesOptions { DataDir = dataDir };
    var services = new ServiceCollection()
        .AddSingleton(Options.Create(options))
        .AddSpacesCore(options, "Spaces.Hub.Benchmarks")
        .BuildServiceProvider();
    await services.MigrateSpacesDatabaseAsync();

    Console.WriteLine($"Hub benchmarks: SQLite in {dataDir}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
    var rows = (await new SearchBenchmark(services, spaces, iterations).RunAsync()).ToList();
    var uploadDir = Path.Combine(dataDir, "upload");
    Directory.CreateDirectory(uploadDir);
    rows.AddRange(await new UploadBenchmark(uploadDir, 200_000_000, repetitions: 3).RunAsync());
    Console.WriteLine();
    Console.WriteLine("| Benchmark | Result |");
    Console.WriteLine("|---|---|");
    foreach (var (name, value) in rows)
    {
        Console.WriteLine($"| {name} | {value} |");
    }
}
finally
{
    Directory.Delete(dataDir, recursive: true);
}
