using Spaces.Docker.Models;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Networks;

internal sealed class NetworkOperations(DockerTransport transport) : INetworkOperations
{
    public Task<NetworkCreateResponse> CreateAsync(NetworkCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Name, nameof(parameters.Name));
        return transport.SendForJsonAsync(
            HttpMethod.Post, "/networks/create", null, DockerTransport.JsonBody(parameters, DockerJsonContext.Default.NetworkCreateParameters),
            DockerJsonContext.Default.NetworkCreateResponse, cancellationToken);
    }

    public Task<NetworkResponse> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Get, $"/networks/{PathSegment.Escape(id)}", null, null, DockerJsonContext.Default.NetworkResponse, cancellationToken);

    public async Task<IReadOnlyList<NetworkResponse>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        await transport.SendForJsonAsync(
            HttpMethod.Get, "/networks", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.ListNetworkResponse,
            cancellationToken).ConfigureAwait(false);

    public async Task ConnectAsync(string id, NetworkConnectParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await transport.SendNoContentAsync(
            HttpMethod.Post, $"/networks/{PathSegment.Escape(id)}/connect", null,
            DockerTransport.JsonBody(parameters, DockerJsonContext.Default.NetworkConnectParameters), cancellationToken).ConfigureAwait(false);
    }

    public async Task DisconnectAsync(string id, NetworkDisconnectParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await transport.SendNoContentAsync(
            HttpMethod.Post, $"/networks/{PathSegment.Escape(id)}/disconnect", null,
            DockerTransport.JsonBody(parameters, DockerJsonContext.Default.NetworkDisconnectParameters), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        await transport.SendNoContentAsync(HttpMethod.Delete, $"/networks/{PathSegment.Escape(id)}", null, null, cancellationToken)
            .ConfigureAwait(false);

    public Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Post, "/networks/prune", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.PruneResponse,
            cancellationToken);
}
