using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Uploads;
using Spaces.Web.Api.Files;
using Spaces.Web.Auth;

namespace Spaces.Web.Api;

/// <summary>
/// Repository files on the Hugging Face Hub's paths: tree listings, <c>resolve</c> downloads (with ranges and ETags), the
/// preupload and NDJSON commit endpoints, and our own multipart upload (files, folders, archives).
/// </summary>
internal static class RepoFilesApi
{
    /// <summary>
    /// Maps, for models and Spaces: <c>GET /api/{type}s/{owner}/{name}/tree/{rev}/{path?}</c>, <c>POST .../preupload/{rev}</c>,
    /// <c>POST .../commit/{rev}</c>, <c>POST .../upload/{rev}</c>, and <c>GET|HEAD /{owner}/{name}/resolve/{rev}/{path}</c>
    /// (<c>/spaces/{owner}/{name}/resolve/...</c> for Spaces). Upload limits are the <see cref="UploadLimits"/> options.
    /// </summary>
    public static IEndpointRouteBuilder MapRepoFilesApi(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<UploadLimits>>().Value;
        foreach (var (segment, type) in RepoRoutes.Types)
        {
            var api = endpoints.MapGroup($"/api/{segment}/{{owner}}/{{name}}");
            api.MapGet("/tree/{rev}/{**path}",
                    (RepoService service, RepoStorage storage, ActorAccessor actors, string owner, string name, string rev, string? path, bool? recursive, CancellationToken ct) =>
                        TreeEndpoint.HandleAsync(service, storage, actors, type, owner, name, rev, path, recursive, ct))
                .AddEndpointFilter(HubErrors.FilterAsync);
            api.MapPost("/preupload/{rev}",
                (HttpContext http, RepoService service, ActorAccessor actors, string owner, string name, string rev, CancellationToken ct) =>
                    CommitEndpoint.PreuploadAsync(http, service, actors, limits, type, owner, name, rev, ct));
            api.MapPost("/commit/{rev}",
                (HttpContext http, RepoService service, ActorAccessor actors, string owner, string name, string rev, CancellationToken ct) =>
                    CommitEndpoint.CommitAsync(http, service, actors, limits, type, owner, name, rev, ct));
            api.MapPost("/upload/{rev}",
                (HttpContext http, RepoService service, ActorAccessor actors, string owner, string name, string rev, CancellationToken ct) =>
                    UploadEndpoint.HandleAsync(http, service, actors, limits, type, owner, name, rev, ct));

            var page = type == RepoType.Space ? "/spaces" : "";
            endpoints.MapMethods(page + "/{owner}/{name}/resolve/{rev}/{**path}", [HttpMethods.Get, HttpMethods.Head],
                    (HttpContext http, RepoService service, RepoStorage storage, ActorAccessor actors, string owner, string name, string rev, string path, CancellationToken ct) =>
                        ResolveEndpoint.HandleAsync(http, service, storage, actors, type, owner, name, rev, path, ct))
                .AddEndpointFilter(HubErrors.FilterAsync);
        }

        return endpoints;
    }
}
