using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spaces.Web.Health;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (what the platform depends on is reachable).</summary>
public static class HealthExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks: data directory, database, git, Docker engine.</summary>
    public static IServiceCollection AddSpacesHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DataDirHealthCheck>("dataDir", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<GitHealthCheck>("git", tags: [ReadyTag])
            .AddCheck<DockerEngineHealthCheck>("docker", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps the two health endpoints.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
        return endpoints;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ReadinessReport(
            report.Status == HealthStatus.Healthy ? "ready" : "not ready",
            report.Entries.ToDictionary(
                e => e.Key,
                e => new ReadinessCheck(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description, e.Value.Duration.TotalMilliseconds)),
            [.. report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key)]);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.ReadinessReport, context.RequestAborted);
    }
}
