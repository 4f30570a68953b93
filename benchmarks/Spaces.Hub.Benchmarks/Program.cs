using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Hub.Benchmarks;

// Plain Stopwatch harness (docs/benchmarks.md, "Hub core"): every figure next to a baseline measured in the same run.
var spaces = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
var parts = (args.Length > 2 ? args[2] : "search,home,upload").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
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
    var rows = new List<(string Name, string Value)>();
    if (parts.Contains("search"))
    {
        rows.AddRange(await new SearchBenchmark(services, spaces, iterations).RunAsync());
    }

    if (parts.Contains("home"))
    {
        rows.AddRange(await new HomeBenchmark(services, spaces, iterations).RunAsync());
    }

    if (parts.Contains("upload"))
    {
        var uploadDir = Path.Combine(dataDir, "upload");
        Directory.CreateDirectory(uploadDir);
        rows.AddRange(await new UploadBenchmark(uploadDir, 200_000_000, repetitions: 3).RunAsync());
    }
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
