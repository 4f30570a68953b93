using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Docker;

namespace Spaces.Runtime.Lifecycle;

/// <summary>
/// Reconciles the engine with the database at start (adopting what runs after a platform restart) and then every
/// <see cref="RuntimeOptions.ReconcileInterval"/> (an engine restart, containers removed by hand); an unreachable engine is retried.
/// </summary>
public sealed partial class SpaceReconciler(
    SpaceLifecycle lifecycle, IOptions<RuntimeOptions> options, TimeProvider time, ILogger<SpaceReconciler> logger) : BackgroundService
{
    /// <summary>The last report (tests and the operator page read it).</summary>
    public ReconcileReport? LastReport { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        do
        {
            try
            {
                LastReport = await lifecycle.ReconcileAsync(stoppingToken);
                if (LastReport is { Adopted: > 0 } or { Restarted: > 0 } or { Removed: > 0 } or { Resumed: > 0 })
                {
                    Log.Reconciled(logger, LastReport.Adopted, LastReport.Restarted, LastReport.Removed, LastReport.Resumed);
                }
            }
            catch (Exception ex) when (ex is DockerException or HttpRequestException or IOException && !stoppingToken.IsCancellationRequested)
            {
                Log.EngineUnavailable(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
            Message = "Reconciled with the engine: {Adopted} adopted, {Restarted} restarted, {Removed} removed, {Resumed} deployments resumed")]
        public static partial void Reconciled(ILogger logger, int adopted, int restarted, int removed, int resumed);

        [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Reconciliation skipped: the engine is not reachable ({Reason})")]
        public static partial void EngineUnavailable(ILogger logger, string reason);
    }
}
