using System.Globalization;

namespace Spaces.Runtime.Benchmarks;

internal static class Statistics
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>The p-th percentile by linear interpolation between the closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>Milliseconds as "1234 ms" or, from 10 s on, "12.3 s".</summary>
    public static string Ms(double milliseconds) => milliseconds >= 10_000
        ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:F1} s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:F0} ms");

    /// <summary>"median (min–max, n runs)".</summary>
    public static string Summary(IReadOnlyList<double> milliseconds) => milliseconds.Count == 0
        ? "-"
        : $"{Ms(Median(milliseconds))} (min {Ms(milliseconds.Min())}, max {Ms(milliseconds.Max())}; {milliseconds.Count} runs)";
}
