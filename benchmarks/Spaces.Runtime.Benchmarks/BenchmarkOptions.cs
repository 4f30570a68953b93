using System.Globalization;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// Command line: <c>--push N</c> docker Spaces pushed cold then warm (default 3), <c>--blazor-push N</c> (default 3),
/// <c>--wakes N</c> docker wakes (default 15), <c>--blazor-wakes N</c> (default 10), <c>--latency-seconds N</c> (default 10),
/// <c>--lines N</c> printed in the throughput burst (default 200,000), <c>--only push|wake|logs</c> (repeatable; default all;
/// wake needs push), <c>--trace</c> (print each push's stage changes and build log lines with their times).
/// </summary>
internal sealed record BenchmarkOptions(
    int DockerPushes, int BlazorPushes, int DockerWakes, int BlazorWakes, int LatencySeconds, int Lines, IReadOnlySet<string> Sections, bool Trace = false)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(3, 3, 15, 10, 10, 200_000, new HashSet<string>(StringComparer.Ordinal));
        var sections = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < args.Length)
        {
            var name = args[i++];
            if (name == "--trace")
            {
                options = options with { Trace = true };
                continue;
            }

            var text = i < args.Length ? args[i++] : throw new ArgumentException($"{name} needs a value.");
            if (name == "--only")
            {
                sections.Add(text);
                continue;
            }

            var value = int.Parse(text, CultureInfo.InvariantCulture);
            options = name switch
            {
                "--push" => options with { DockerPushes = value },
                "--blazor-push" => options with { BlazorPushes = value },
                "--wakes" => options with { DockerWakes = value },
                "--blazor-wakes" => options with { BlazorWakes = value },
                "--latency-seconds" => options with { LatencySeconds = value },
                "--lines" => options with { Lines = value },
                _ => throw new ArgumentException(
                    $"Unknown option {name}; use --push N, --blazor-push N, --wakes N, --blazor-wakes N, --latency-seconds N, --lines N, --only push|wake|logs, --trace."),
            };
        }

        if (sections.Contains("wake"))
        {
            sections.Add("push");
        }

        return options with { Sections = sections.Count > 0 ? sections : new HashSet<string>(["push", "wake", "logs"], StringComparer.Ordinal) };
    }

    public bool Runs(string section) => Sections.Contains(section);
}

/// <summary>One line of the summary table: the figure, its baseline from the same run (or how it is judged), and the goal.</summary>
internal sealed record BenchmarkRow(string Name, string Result, string Baseline = "-", string Goal = "-");
