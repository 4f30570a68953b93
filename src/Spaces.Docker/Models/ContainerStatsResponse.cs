using System.Text.Json.Serialization;

namespace Spaces.Docker.Models;

/// <summary>One sample of <c>GET /containers/{id}/stats</c>, with the CPU and memory figures the CLI shows.</summary>
public sealed class ContainerStatsResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("read")]
    public DateTimeOffset Read { get; set; }

    [JsonPropertyName("preread")]
    public DateTimeOffset PreRead { get; set; }

    [JsonPropertyName("cpu_stats")]
    public CpuStats? CpuStats { get; set; }

    /// <summary>The CPU figures of the previous sample (zero in the first sample of a stream).</summary>
    [JsonPropertyName("precpu_stats")]
    public CpuStats? PreCpuStats { get; set; }

    [JsonPropertyName("memory_stats")]
    public MemoryStats? MemoryStats { get; set; }

    [JsonPropertyName("pids_stats")]
    public PidsStats? PidsStats { get; set; }

    [JsonPropertyName("networks")]
    public Dictionary<string, NetworkStats>? Networks { get; set; }

    /// <summary>
    /// CPU use in percent of one CPU (100 = one full core): delta container usage / delta system usage * online CPUs * 100.
    /// 0 when there is no previous sample to compare with.
    /// </summary>
    [JsonIgnore]
    public double CpuPercent
    {
        get
        {
            if (CpuStats?.CpuUsage is not { } now || PreCpuStats?.CpuUsage is not { } before)
            {
                return 0;
            }
            var cpuDelta = (double)now.TotalUsage - before.TotalUsage;
            var systemDelta = (double)CpuStats.SystemCpuUsage - PreCpuStats.SystemCpuUsage;
            var onlineCpus = CpuStats.OnlineCpus > 0 ? CpuStats.OnlineCpus : now.PercpuUsage?.Count ?? 0;
            if (cpuDelta <= 0 || systemDelta <= 0 || onlineCpus == 0)
            {
                return 0;
            }
            return cpuDelta / systemDelta * onlineCpus * 100.0;
        }
    }

    /// <summary>Memory in use in bytes, without the page cache (as <c>docker stats</c> shows it).</summary>
    [JsonIgnore]
    public ulong MemoryUsage
    {
        get
        {
            if (MemoryStats is not { } memory)
            {
                return 0;
            }
            ulong cache = 0;
            if (memory.Stats is { } stats)
            {
                // cgroup v1 reports total_inactive_file, v2 inactive_file; the CLI subtracts whichever exists.
                if (!stats.TryGetValue("total_inactive_file", out cache) && !stats.TryGetValue("inactive_file", out cache))
                {
                    cache = 0;
                }
            }
            return memory.Usage > cache ? memory.Usage - cache : memory.Usage;
        }
    }

    /// <summary>The memory limit in bytes (the host's memory when the container has none).</summary>
    [JsonIgnore]
    public ulong MemoryLimit => MemoryStats?.Limit ?? 0;

    /// <summary>Memory in use as a percentage of the limit.</summary>
    [JsonIgnore]
    public double MemoryPercent => MemoryLimit == 0 ? 0 : (double)MemoryUsage / MemoryLimit * 100.0;
}

/// <summary>CPU counters.</summary>
public sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")]
    public CpuUsage? CpuUsage { get; set; }

    /// <summary>Host CPU time in nanoseconds.</summary>
    [JsonPropertyName("system_cpu_usage")]
    public ulong SystemCpuUsage { get; set; }

    [JsonPropertyName("online_cpus")]
    public int OnlineCpus { get; set; }

    [JsonPropertyName("throttling_data")]
    public ThrottlingData? ThrottlingData { get; set; }
}

/// <summary>The container's CPU time in nanoseconds.</summary>
public sealed class CpuUsage
{
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; set; }

    [JsonPropertyName("percpu_usage")]
    public List<ulong>? PercpuUsage { get; set; }

    [JsonPropertyName("usage_in_kernelmode")]
    public ulong UsageInKernelmode { get; set; }

    [JsonPropertyName("usage_in_usermode")]
    public ulong UsageInUsermode { get; set; }
}

/// <summary>CPU throttling counters.</summary>
public sealed class ThrottlingData
{
    [JsonPropertyName("periods")]
    public ulong Periods { get; set; }

    [JsonPropertyName("throttled_periods")]
    public ulong ThrottledPeriods { get; set; }

    [JsonPropertyName("throttled_time")]
    public ulong ThrottledTime { get; set; }
}

/// <summary>Memory counters in bytes.</summary>
public sealed class MemoryStats
{
    [JsonPropertyName("usage")]
    public ulong Usage { get; set; }

    [JsonPropertyName("max_usage")]
    public ulong MaxUsage { get; set; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; set; }

    [JsonPropertyName("failcnt")]
    public ulong Failcnt { get; set; }

    [JsonPropertyName("stats")]
    public Dictionary<string, ulong>? Stats { get; set; }
}

/// <summary>Process counts.</summary>
public sealed class PidsStats
{
    [JsonPropertyName("current")]
    public ulong Current { get; set; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; set; }
}

/// <summary>Counters of one network interface.</summary>
public sealed class NetworkStats
{
    [JsonPropertyName("rx_bytes")]
    public ulong RxBytes { get; set; }

    [JsonPropertyName("tx_bytes")]
    public ulong TxBytes { get; set; }

    [JsonPropertyName("rx_packets")]
    public ulong RxPackets { get; set; }

    [JsonPropertyName("tx_packets")]
    public ulong TxPackets { get; set; }
}
