using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Core.Persistence;

namespace Spaces.Web.Health;

/// <summary>The database (SQLite file or PostgreSQL) accepts a query.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var provider = db.Database.IsSqlite() ? "SQLite" : "PostgreSQL";
        try
        {
            var accounts = await db.Accounts.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{provider}: {accounts} accounts");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{provider} is not reachable: {ex.GetBaseException().Message}");
        }
    }
}
