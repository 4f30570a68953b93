using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Containers;

internal sealed class ContainerOperations(DockerTransport transport) : IContainerOperations
{
    private static readonly HttpStatusCode[] NotModified = [HttpStatusCode.NotModified];

    public Task<CreateContainerResponse> CreateAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Image, nameof(parameters.Image));
        var query = new QueryString().Add("name", parameters.Name);
        return transport.SendForJsonAsync(
            HttpMethod.Post, "/containers/create", query,
            DockerTransport.JsonBody(parameters, DockerJsonContext.Default.CreateContainerParameters),
            DockerJsonContext.Default.CreateContainerResponse, cancellationToken);
    }

    public async Task<bool> StartAsync(string id, CancellationToken cancellationToken = default)
    {
        var status = await transport.SendNoContentAsync(
            HttpMethod.Post, $"/containers/{PathSegment.Escape(id)}/start", null, null, cancellationToken, NotModified).ConfigureAwait(false);
        return status != HttpStatusCode.NotModified;
    }

    public async Task<bool> StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("t", Seconds(timeout));
        var status = await transport.SendNoContentAsync(
            HttpMethod.Post, $"/containers/{PathSegment.Escape(id)}/stop", query, null, cancellationToken, NotModified).ConfigureAwait(false);
        return status != HttpStatusCode.NotModified;
    }

    public async Task KillAsync(string id, string? signal = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("signal", signal);
        await transport.SendNoContentAsync(HttpMethod.Post, $"/containers/{PathSegment.Escape(id)}/kill", query, null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task RestartAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("t", Seconds(timeout));
        await transport.SendNoContentAsync(HttpMethod.Post, $"/containers/{PathSegment.Escape(id)}/restart", query, null, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<ContainerWaitResponse> WaitAsync(
        string id, ContainerWaitCondition condition = ContainerWaitCondition.NotRunning, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("condition", condition switch
        {
            ContainerWaitCondition.NextExit => "next-exit",
            ContainerWaitCondition.Removed => "removed",
            _ => "not-running",
        });
        return transport.SendForJsonAsync(
            HttpMethod.Post, $"/containers/{PathSegment.Escape(id)}/wait", query, null, DockerJsonContext.Default.ContainerWaitResponse,
            cancellationToken);
    }

    public async Task RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().AddIfTrue("force", force).AddIfTrue("v", removeVolumes);
        await transport.SendNoContentAsync(HttpMethod.Delete, $"/containers/{PathSegment.Escape(id)}", query, null, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<ContainerInspectResponse> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Get, $"/containers/{PathSegment.Escape(id)}/json", null, null, DockerJsonContext.Default.ContainerInspectResponse,
            cancellationToken);

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(
        ContainersListParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new ContainersListParameters();
        var query = new QueryString().AddIfTrue("all", parameters.All).Add("limit", parameters.Limit).AddFilters(parameters.Filters);
        return await transport.SendForJsonAsync(
            HttpMethod.Get, "/containers/json", query, null, DockerJsonContext.Default.ListContainerSummary, cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Post, "/containers/prune", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.PruneResponse,
            cancellationToken);

    public async IAsyncEnumerable<LogFrame> GetLogsAsync(
        string id, ContainerLogsParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tty = parameters.Tty ?? await HasTtyAsync(id, cancellationToken).ConfigureAwait(false);
        if (!parameters.Follow)
        {
            await foreach (var frame in BlockingLogDownload.ReadFramesAsync(transport, LogsPath(id, parameters), tty, cancellationToken)
                .ConfigureAwait(false))
            {
                yield return frame;
            }
            yield break;
        }
        using var response = await OpenLogsAsync(id, parameters, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var frame in LogReader.ReadFramesAsync(body, tty, cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
    }

    public async IAsyncEnumerable<LogLine> GetLogLinesAsync(
        string id, ContainerLogsParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tty = parameters.Tty ?? await HasTtyAsync(id, cancellationToken).ConfigureAwait(false);
        if (!parameters.Follow)
        {
            var lines = BlockingLogDownload.ReadLinesAsync(transport, LogsPath(id, parameters), tty, parameters.Timestamps, cancellationToken);
            await foreach (var line in lines.ConfigureAwait(false))
            {
                yield return line;
            }
            yield break;
        }
        using var response = await OpenLogsAsync(id, parameters, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var line in LogReader.ReadLinesAsync(body, tty, parameters.Timestamps, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    public async IAsyncEnumerable<ContainerStatsResponse> GetStatsAsync(
        string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            HttpMethod.Get, $"/containers/{PathSegment.Escape(id)}/stats", new QueryString().Add("stream", "1"), null, cancellationToken,
            streamResponse: true).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var sample in JsonObjectStream.ReadAllAsync(body, DockerJsonContext.Default.ContainerStatsResponse, cancellationToken)
                .ConfigureAwait(false))
            {
                yield return sample;
            }
        }
    }

    public Task<ContainerStatsResponse> GetStatsSnapshotAsync(string id, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Get, $"/containers/{PathSegment.Escape(id)}/stats", new QueryString().Add("stream", "0"), null,
            DockerJsonContext.Default.ContainerStatsResponse, cancellationToken);

    /// <summary>Followed logs: long-lived and mostly idle, so they stay on the async HTTP path.</summary>
    private Task<HttpResponseMessage> OpenLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancellationToken) =>
        transport.SendAsync(
            HttpMethod.Get, $"/containers/{PathSegment.Escape(id)}/logs", LogsQuery(parameters), null, cancellationToken, streamResponse: true);

    /// <summary>The unversioned path and query of a one-off download (read by <see cref="BlockingLogDownload"/>).</summary>
    private static string LogsPath(string id, ContainerLogsParameters parameters) =>
        $"/containers/{PathSegment.Escape(id)}/logs{LogsQuery(parameters)}";

    private static QueryString LogsQuery(ContainerLogsParameters parameters) => new QueryString()
        .AddIfTrue("follow", parameters.Follow)
        .AddIfTrue("stdout", parameters.Stdout)
        .AddIfTrue("stderr", parameters.Stderr)
        .AddIfTrue("timestamps", parameters.Timestamps)
        .Add("tail", parameters.Tail?.ToString(CultureInfo.InvariantCulture))
        .Add("since", UnixTime.Format(parameters.Since))
        .Add("until", UnixTime.Format(parameters.Until));

    private async Task<bool> HasTtyAsync(string id, CancellationToken cancellationToken)
    {
        var container = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
        return container.Config?.Tty ?? false;
    }

    private static long? Seconds(TimeSpan? timeout) => timeout is { } value ? (long)Math.Ceiling(value.TotalSeconds) : null;
}
