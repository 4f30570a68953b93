using Microsoft.Extensions.Options;

namespace Spaces.Web.Seeding;

/// <summary>Seeds the examples once after start (when <see cref="SeedingOptions.Enabled"/>); a failure is logged, the platform keeps running.</summary>
public sealed partial class ExampleSeedingService(
    IServiceScopeFactory scopes, IOptions<SeedingOptions> options, ILogger<ExampleSeedingService> logger) : BackgroundService
{
    private readonly TaskCompletionSource<SeedReport?> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The pass's report once it ended (null when seeding is off or failed).</summary>
    public Task<SeedReport?> Completed => _completed.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            _completed.TrySetResult(null);
            return;
        }

        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<ExampleSeeder>().SeedAsync(stoppingToken);
            _completed.TrySetResult(report);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completed.TrySetResult(null);
        }
        catch (Exception ex)
        {
            Log.Failed(logger, ex);
            _completed.TrySetResult(null);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Seeding the examples failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
