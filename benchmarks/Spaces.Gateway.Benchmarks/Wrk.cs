using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Spaces.Gateway.Benchmarks;

/// <summary>One wrk measurement.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, string Errors)
{
    /// <summary>CPU the measured server used per request, in microseconds (the proxy's own for (b) and (c), the upstream's for (a)).</summary>
    public double CpuMicrosecondsPerRequest { get; init; }
}

/// <summary>Runs Debian's wrk with <c>--latency</c> and reads requests/s and the latency percentiles from its report.</summary>
internal static partial class Wrk
{
    public static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return text.Split('\n')[0].Trim();
    }

    public static async Task<WrkResult> RunAsync(Uri target, string host, int threads, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"Host: {host}", target.AbsoluteUri })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {error}{output}");
        }

        var rps = RequestsPerSecond().Match(output);
        var p50 = Percentile("50%").Match(output);
        var p99 = Percentile("99%").Match(output);
        if (!rps.Success || !p50.Success || !p99.Success)
        {
            throw new InvalidOperationException($"Unexpected wrk output:\n{output}");
        }

        var errors = string.Join("; ", output.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("Socket errors", StringComparison.Ordinal) || l.StartsWith("Non-2xx", StringComparison.Ordinal)));
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            ToMilliseconds(p50.Groups[1].Value, p50.Groups[2].Value),
            ToMilliseconds(p99.Groups[1].Value, p99.Groups[2].Value),
            errors);
    }

    private static Regex Percentile(string percentile) => new($@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);

    private static double ToMilliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            _ => number * 1000,
        };
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();
}
