using System.Globalization;

namespace Spaces.Docker.Benchmarks;

/// <summary>Command line: <c>--lines N</c> (default 1,000,000), <c>--reps N</c> (default 5), <c>--starts N</c> (default 15).</summary>
internal sealed record BenchmarkOptions(int Lines, int Repetitions, int Starts)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(1_000_000, 5, 15);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--lines" => options with { Lines = value },
                "--reps" => options with { Repetitions = value },
                "--starts" => options with { Starts = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --lines N, --reps N, --starts N."),
            };
        }
        return options;
    }
}

/// <summary>One line of the summary table.</summary>
internal sealed record BenchmarkRow(string Name, string Value);
