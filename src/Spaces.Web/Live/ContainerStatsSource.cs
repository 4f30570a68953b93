using System.Runtime.CompilerServices;
using Spaces.Docker;

namespace Spaces.Web.Live;

/// <summary>A resource sample of a container: CPU in percent of one core, memory in bytes.</summary>
public sealed record ContainerResourceSample(double CpuPercent, long MemoryBytes, long MemoryLimitBytes);

/// <summary>Where resource samples of a running container come from (the engine; a fake in tests).</summary>
public interface IContainerStatsSource
{
    /// <summary>Samples about once a second until the container stops or <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<ContainerResourceSample> StreamAsync(string containerId, CancellationToken cancellationToken);
}

/// <summary>Samples from the Docker engine's stats stream.</summary>
internal sealed class DockerContainerStatsSource(IDockerClient docker) : IContainerStatsSource
{
    public async IAsyncEnumerable<ContainerResourceSample> StreamAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stats in docker.Containers.GetStatsAsync(containerId, cancellationToken))
        {
            yield return new ContainerResourceSample(stats.CpuPercent, (long)Math.Min(stats.MemoryUsage, long.MaxValue), (long)Math.Min(stats.MemoryLimit, long.MaxValue));
        }
    }
}
