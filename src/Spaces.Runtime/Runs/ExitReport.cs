using System.Globalization;
using System.Text;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Runs;

/// <summary>Words for why a Space's container ended: its exit code or the memory limit it hit, then its last log lines.</summary>
public static class ExitReport
{
    /// <summary>Log lines quoted in a RUNTIME_ERROR message.</summary>
    public const int TailLines = 50;

    /// <summary>
    /// "Memory limit exceeded (N MiB)" when the kernel killed it for memory, otherwise "exited with code N"; then the last lines.
    /// </summary>
    public static string Describe(ContainerState? state, long memoryMiB, IReadOnlyList<string> lastLines)
    {
        var text = new StringBuilder();
        if (state?.OOMKilled == true)
        {
            text.Append(CultureInfo.InvariantCulture, $"Memory limit exceeded ({memoryMiB} MiB): the app used more memory than its hardware flavor allows.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"The app exited with code {state?.ExitCode ?? -1}.");
            if (!string.IsNullOrEmpty(state?.Error))
            {
                text.Append(CultureInfo.InvariantCulture, $" The engine said: {state.Error}");
            }
        }

        return AppendLines(text, lastLines);
    }

    /// <summary>The app did not answer HTTP on its port in time.</summary>
    public static string Timeout(int appPort, TimeSpan timeout, IReadOnlyList<string> lastLines) =>
        AppendLines(new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"The app did not answer HTTP on port {appPort} within {Format(timeout)} (startup_duration_timeout). Does it listen on 0.0.0.0:{appPort}?"),
            lastLines);

    private static string AppendLines(StringBuilder text, IReadOnlyList<string> lastLines)
    {
        if (lastLines.Count > 0)
        {
            text.Append("\n\nLast log lines:\n");
            foreach (var line in lastLines.TakeLast(TailLines))
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Format(TimeSpan timeout) => timeout.TotalMinutes >= 1 && timeout.Seconds == 0
        ? $"{(int)timeout.TotalMinutes} min"
        : $"{(int)timeout.TotalSeconds} s";
}
