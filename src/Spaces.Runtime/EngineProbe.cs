using Spaces.Docker;

namespace Spaces.Runtime;

/// <summary>
/// Whether the Docker engine answers now (a ping on a new connection: a pooled one is still served by a stopping engine), and
/// waiting until it does. The builder uses it to tell a build cut by the engine from a failed step, the build worker to keep
/// builds queued while the engine is away, the lifecycle to hold deploys and restarts until it is back.
/// </summary>
public sealed class EngineProbe(IDockerClient docker, TimeProvider time)
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often <see cref="WaitAsync"/> asks again. Default 1 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The engine's address (for messages).</summary>
    public string Endpoint => docker.Endpoint;

    /// <summary>Null when the engine answers a ping within 5 s; otherwise why it does not.</summary>
    public async Task<DockerException?> ProblemAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            await docker.System.PingAsync(timeout.Token);
            return null;
        }
        catch (DockerException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return new DockerUnreachableException(docker.Endpoint, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new DockerUnreachableException(docker.Endpoint, $"no answer to a ping within {PingTimeout.TotalSeconds:0} s", ex);
        }
    }

    /// <summary>Completes once the engine answers a ping (at once when it does now).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (await ProblemAsync(cancellationToken) is not null)
        {
            await Task.Delay(RetryInterval, time, cancellationToken);
        }
    }
}
