using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Docker;

namespace Spaces.Web.Health;

/// <summary>The Docker engine answers a ping within a few seconds.</summary>
internal sealed class DockerEngineHealthCheck(IDockerClient docker) : IHealthCheck
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        try
        {
            var version = await docker.System.VersionAsync(timeout.Token);
            return HealthCheckResult.Healthy($"Docker engine {version.Version} (API {version.ApiVersion}) at {docker.Endpoint}");
        }
        catch (DockerException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Docker engine at {docker.Endpoint} did not answer within {Budget.TotalSeconds:0} s");
        }
    }
}
