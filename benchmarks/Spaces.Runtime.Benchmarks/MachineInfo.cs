using System.Runtime.InteropServices;
using Spaces.Docker;

namespace Spaces.Runtime.Benchmarks;

/// <summary>What the figures were measured on: CPUs, engine, runtime, and the load average (the host may be shared).</summary>
internal static class MachineInfo
{
    public static async Task<string> DescribeAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var info = await docker.System.InfoAsync(cancellationToken);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} CPUs ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
            $"{RuntimeInformation.OSDescription}, dockerd {info.ServerVersion} ({info.Driver}), .NET {Environment.Version}";
    }

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "n/a";
}
