using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;

namespace Spaces.Web.Health;

/// <summary>The data directory exists and accepts writes.</summary>
internal sealed class DataDirHealthCheck(IOptions<SpacesOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var dir = options.Value.DataDirFullPath;
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".ready-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy($"{dir} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"data directory {dir} is not writable: {ex.Message}");
        }
    }
}
