namespace Spaces.Onnx.Benchmarks;

/// <summary>Order statistics of latencies in milliseconds.</summary>
internal static class Statistics
{
    public static double Percentile(IReadOnlyList<double> samples, double percentile)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Summary(IReadOnlyList<double> samples) =>
        $"p50 {Percentile(samples, 50):F2} ms, p90 {Percentile(samples, 90):F2} ms, mean {samples.Average():F2} ms, min {samples.Min():F2} ms (n={samples.Count})";
}
