using Spaces.Docker.Models;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Volumes;

internal sealed class VolumeOperations(DockerTransport transport) : IVolumeOperations
{
    public Task<VolumeResponse> CreateAsync(VolumeCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return transport.SendForJsonAsync(
            HttpMethod.Post, "/volumes/create", null, DockerTransport.JsonBody(parameters, DockerJsonContext.Default.VolumeCreateParameters),
            DockerJsonContext.Default.VolumeResponse, cancellationToken);
    }

    public Task<VolumeResponse> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Get, $"/volumes/{PathSegment.Escape(name)}", null, null, DockerJsonContext.Default.VolumeResponse, cancellationToken);

    public async Task<IReadOnlyList<VolumeResponse>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var response = await transport.SendForJsonAsync(
            HttpMethod.Get, "/volumes", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.VolumesListResponse,
            cancellationToken).ConfigureAwait(false);
        return response.Volumes ?? [];
    }

    public async Task RemoveAsync(string name, bool force = false, CancellationToken cancellationToken = default) =>
        await transport.SendNoContentAsync(
            HttpMethod.Delete, $"/volumes/{PathSegment.Escape(name)}", new QueryString().AddIfTrue("force", force), null, cancellationToken)
            .ConfigureAwait(false);

    public Task<PruneResponse> PruneAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        transport.SendForJsonAsync(
            HttpMethod.Post, "/volumes/prune", new QueryString().AddFilters(filters), null, DockerJsonContext.Default.PruneResponse,
            cancellationToken);
}
