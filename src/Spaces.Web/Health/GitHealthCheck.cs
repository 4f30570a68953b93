using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spaces.Web.Health;

/// <summary>The git CLI (repositories and smart HTTP go through it) can be started.</summary>
internal sealed class GitHealthCheck : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0
                ? HealthCheckResult.Healthy(output.Trim())
                : HealthCheckResult.Unhealthy($"git --version exited with {process.ExitCode}");
        }
        catch (Win32Exception ex)
        {
            return HealthCheckResult.Unhealthy($"git cannot be started ({ex.Message}); install it with apt-get install git");
        }
    }
}
