using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Runs;

/// <summary>
/// Follows the output of a Space's containers and publishes each line as a run log line (stderr marked as error) while the
/// container runs. The platform publishes what the app prints and nothing else: environment values are never logged here.
/// </summary>
public sealed partial class RunLogFollower(IDockerClient docker, SpaceNotifications notifications, ILogger<RunLogFollower> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Task)> _follows = new(StringComparer.Ordinal);

    /// <summary>Starts following <paramref name="containerId"/> (from its first line) unless it is already followed.</summary>
    public void Follow(long spaceId, string containerId)
    {
        var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = FollowAsync(spaceId, containerId, started.Task, stop.Token);
        if (_follows.TryAdd(containerId, (stop, task)))
        {
            started.SetResult();
        }
        else
        {
            stop.Cancel();
            started.SetResult();
            stop.Dispose();
        }
    }

    /// <summary>Stops following a container (it is being removed) and waits for the follower to end.</summary>
    public async Task StopAsync(string containerId)
    {
        if (_follows.TryRemove(containerId, out var follow))
        {
            await follow.Stop.CancelAsync();
            await follow.Task;
            follow.Stop.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var containerId in _follows.Keys.ToList())
        {
            await StopAsync(containerId);
        }
    }

    private async Task FollowAsync(long spaceId, string containerId, Task started, CancellationToken cancellationToken)
    {
        await started;
        try
        {
            var parameters = new ContainerLogsParameters { Follow = true, Tty = false };
            await foreach (var line in docker.Containers.GetLogLinesAsync(containerId, parameters, cancellationToken))
            {
                notifications.PublishLog(spaceId, LogKind.Run, line.Text, line.Stream == LogStreamKind.Stderr);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose.
        }
        catch (DockerNotFoundException)
        {
            // Removed before or while we read.
        }
        catch (Exception ex) when (ex is DockerException or IOException or HttpRequestException)
        {
            Log.FollowFailed(logger, spaceId, containerId, ex);
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested && _follows.TryRemove(containerId, out var follow))
            {
                follow.Stop.Dispose();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Following the logs of Space {SpaceId} container {ContainerId} failed")]
        public static partial void FollowFailed(ILogger logger, long spaceId, string containerId, Exception exception);
    }
}
