using System.Runtime.CompilerServices;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Engine;

internal sealed class SystemOperations(DockerTransport transport) : ISystemOperations
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        // Unversioned: a ping must not depend on version negotiation. On a new connection: a stopping engine still answers old ones.
        using var response = await transport.SendAsync(HttpMethod.Get, "/_ping", null, null, cancellationToken, versioned: false, freshConnection: true)
            .ConfigureAwait(false);
    }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(HttpMethod.Get, "/version", null, null, DockerJsonContext.Default.VersionResponse, cancellationToken);

    public Task<SystemInfo> InfoAsync(CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(HttpMethod.Get, "/info", null, null, DockerJsonContext.Default.SystemInfo, cancellationToken);

    public Task<string> GetApiVersionAsync(CancellationToken cancellationToken = default) => transport.GetApiVersionAsync(cancellationToken);

    public IAsyncEnumerable<DockerEvent> EventsAsync(DockerFilters? filters, CancellationToken cancellationToken = default) =>
        EventsAsync(new EventsParameters { Filters = filters }, cancellationToken);

    public async IAsyncEnumerable<DockerEvent> EventsAsync(
        EventsParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new QueryString()
            .Add("since", UnixTime.Format(parameters.Since))
            .Add("until", UnixTime.Format(parameters.Until))
            .AddFilters(parameters.Filters);
        using var response = await transport.SendAsync(HttpMethod.Get, "/events", query, null, cancellationToken, streamResponse: true)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var item in JsonObjectStream.ReadAllAsync(body, DockerJsonContext.Default.DockerEvent, cancellationToken)
                .ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }
}
