using System.ComponentModel;
using System.Diagnostics;

namespace Spaces.Runtime.Hardware;

/// <summary>Finds the host's GPUs: configured ids plus what <c>nvidia-smi -L</c> lists (when it exists).</summary>
public static class GpuInventory
{
    /// <summary>Configured devices, then those <c>nvidia-smi</c> reports by index.</summary>
    public static IReadOnlyList<string> Discover(IEnumerable<string> configured)
    {
        var devices = configured.ToList();
        devices.AddRange(ParseNvidiaSmi(RunNvidiaSmi()));
        return [.. devices.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Device indexes from <c>nvidia-smi -L</c> output ("GPU 0: Tesla T4 (UUID: GPU-...)").</summary>
    public static IEnumerable<string> ParseNvidiaSmi(string? output)
    {
        foreach (var line in (output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("GPU ", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is > 4 and var colon)
            {
                yield return line[4..colon].Trim();
            }
        }
    }

    private static string? RunNvidiaSmi()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "-L") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            // No nvidia-smi: no NVIDIA driver on this host.
            return null;
        }
    }
}
