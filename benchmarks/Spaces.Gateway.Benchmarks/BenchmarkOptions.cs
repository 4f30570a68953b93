using System.Globalization;

namespace Spaces.Gateway.Benchmarks;

/// <summary>
/// Command line: <c>[--duration 10] [--warmup 10] [--threads 2] [--connections 32] [--rounds 5] [--gateway-env NAME=VALUE]...</c>
/// (seconds, counts; <c>--gateway-env</c> sets an environment variable for the two proxy processes of ours, (c) and (d), only, to compare
/// runtime settings). The warm-up is long because .NET's tiered JIT goes on recompiling hot code for 20-30 s under load (measured: the
/// JIT thread's CPU per request falls from 2 µs to 0.3 µs over that time), and the goal is about a server in its steady state.
/// </summary>
internal sealed record BenchmarkOptions(int DurationSeconds, int WarmupSeconds, int Threads, int Connections, int Rounds)
{
    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions(DurationSeconds: 10, WarmupSeconds: 10, Threads: 2, Connections: 32, Rounds: 5);
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--duration" => options with { DurationSeconds = Number(value) },
                "--warmup" => options with { WarmupSeconds = Number(value) },
                "--threads" => options with { Threads = Number(value) },
                "--connections" => options with { Connections = Number(value) },
                "--rounds" => options with { Rounds = Number(value) },
                "--gateway-env" when value.Split('=', 2) is [{ Length: > 0 } name, var setting] => Set(options, environment, name, setting),
                _ => throw new ArgumentException($"Unknown option {args[i]} {value}"),
            };
        }

        return options with { GatewayEnvironment = environment };
    }

    private static BenchmarkOptions Set(BenchmarkOptions options, Dictionary<string, string> environment, string name, string value)
    {
        environment[name] = value;
        return options;
    }

    private static int Number(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
