using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Containers;

[Collection(DockerCollection.Name)]
public sealed class StatsTests(DockerFixture docker)
{
    private const long MemoryLimit = 96 * 1024 * 1024;

    [Fact]
    public async Task The_stats_stream_reports_cpu_and_memory()
    {
        var id = await docker.RunBashAsync("while :; do :; done", configure: p =>
        {
            p.HostConfig!.Memory = MemoryLimit;
            p.HostConfig.NanoCpus = 500_000_000;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var samples = new List<ContainerStatsResponse>();

        await foreach (var sample in docker.Client.Containers.GetStatsAsync(id, timeout.Token))
        {
            samples.Add(sample);
            if (samples.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(3, samples.Count);
        var last = samples[^1];
        Assert.Equal((ulong)MemoryLimit, last.MemoryLimit);
        Assert.InRange(last.MemoryUsage, 1UL, (ulong)MemoryLimit);
        // A busy loop capped at half a CPU: well above idle, not above the cap (plus measuring slack).
        Assert.InRange(last.CpuPercent, 20.0, 70.0);
        Assert.True(last.Read > last.PreRead);
    }

    [Fact]
    public async Task A_snapshot_has_a_previous_sample_to_compare_with()
    {
        var id = await docker.RunBashAsync("exec sleep 60");

        var sample = await docker.Client.Containers.GetStatsSnapshotAsync(id);

        Assert.True(sample.PreCpuStats?.SystemCpuUsage > 0);
        Assert.True(sample.MemoryLimit > 0);
        Assert.InRange(sample.CpuPercent, 0.0, 100.0 * Environment.ProcessorCount);
    }
}
