using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Runs the builds <see cref="BuildQueue"/> accepts, <see cref="RuntimeOptions.BuildConcurrency"/> at once (default 1). On start it
/// records builds an earlier process left unfinished as cancelled; on stop it aborts running builds and cancels queued ones.
/// </summary>
public sealed partial class BuildWorker : BackgroundService
{
    private readonly BuildQueue _queue;
    private readonly SpaceBuilder _builder;
    private readonly BuildRecords _records;
    private readonly EngineProbe _engine;
    private readonly IOptions<RuntimeOptions> _options;
    private readonly ILogger<BuildWorker> _logger;

    internal BuildWorker(
        BuildQueue queue, SpaceBuilder builder, BuildRecords records, EngineProbe engine, IOptions<RuntimeOptions> options, ILogger<BuildWorker> logger)
    {
        _queue = queue;
        _builder = builder;
        _records = records;
        _engine = engine;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _queue.CloseAsync();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interrupted = await _records.CancelInterruptedAsync(_queue.StartedAt, stoppingToken);
        if (interrupted > 0)
        {
            Log.Interrupted(_logger, interrupted);
        }

        CleanTemporaryFiles();
        var workers = Math.Max(1, _options.Value.BuildConcurrency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => RunAsync(stoppingToken)));
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryRead(out var job))
                {
                    await ProcessAsync(job, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: queued builds are cancelled by StopAsync.
        }
    }

    private async Task ProcessAsync(BuildJob job, CancellationToken stoppingToken)
    {
        if (!await EngineAnswersAsync(job, stoppingToken))
        {
            return;
        }

        if (!job.TryStart())
        {
            // Cancelled while queued: the canceller recorded it.
            return;
        }

        try
        {
            job.Complete(await _builder.BuildAsync(job, stoppingToken));
        }
        catch (Exception ex)
        {
            // A bug or a lost database must not leave the ticket waiting forever or stop the worker.
            Log.Crashed(_logger, job.BuildId, ex);
            var message = $"The builder failed unexpectedly: {ex.Message}";
            try
            {
                await _records.FinishAsync(job.BuildId, SpaceBuildStatus.Failed, null, message);
            }
            catch (Exception recordEx)
            {
                Log.Crashed(_logger, job.BuildId, recordEx);
            }

            job.Complete(new SpaceBuildResult(job.BuildId, job.Revision, SpaceBuildStatus.Failed, null, message, null));
        }
        finally
        {
            _queue.Forget(job);
        }
    }

    /// <summary>
    /// Keeps the job queued while the engine is away (it would only fail at once); false when it was cancelled meanwhile (the
    /// canceller finished it) or the platform stops.
    /// </summary>
    private async Task<bool> EngineAnswersAsync(BuildJob job, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(job.Token, stoppingToken);
        try
        {
            if (await _engine.ProblemAsync(waiting.Token) is not { } problem)
            {
                return true;
            }

            Log.WaitingForEngine(_logger, job.BuildId, job.Space.Id, problem.Message);
            await _engine.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            // Cancelled while queued: the canceller recorded it. Stopping: this job left the channel, so it is cancelled here.
            const string Stopped = "The platform stopped before the build started.";
            if (stoppingToken.IsCancellationRequested && job.Cancel(Stopped))
            {
                await _records.FinishAsync(job.BuildId, SpaceBuildStatus.Cancelled, null, Stopped);
                job.Complete(new SpaceBuildResult(job.BuildId, job.Revision, SpaceBuildStatus.Cancelled, null, Stopped, null));
                _queue.Forget(job);
            }

            return false;
        }

        Log.EngineBack(_logger, job.BuildId, job.Space.Id);
        return true;
    }

    private void CleanTemporaryFiles()
    {
        try
        {
            if (Directory.Exists(_builder.TempRoot))
            {
                Directory.Delete(_builder.TempRoot, recursive: true);
            }
        }
        catch (IOException ex)
        {
            Log.TempCleanFailed(_logger, _builder.TempRoot, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Recorded {Count} builds left unfinished by an earlier run as cancelled")]
        public static partial void Interrupted(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Error, "Build {BuildId} failed unexpectedly")]
        public static partial void Crashed(ILogger logger, long buildId, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Could not clean the build folder {Path}: {Message}")]
        public static partial void TempCleanFailed(ILogger logger, string path, string message);

        [LoggerMessage(4, LogLevel.Warning, "Build {BuildId} of Space {SpaceId} stays queued until the Docker engine answers: {Message}")]
        public static partial void WaitingForEngine(ILogger logger, long buildId, long spaceId, string message);

        [LoggerMessage(5, LogLevel.Information, "The Docker engine answers again: build {BuildId} of Space {SpaceId} starts")]
        public static partial void EngineBack(ILogger logger, long buildId, long spaceId);
    }
}
