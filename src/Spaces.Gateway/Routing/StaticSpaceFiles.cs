using Microsoft.AspNetCore.Http;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.Gateway.Files;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Serves a static Space's files from git at one revision: <c>/</c> is the app file (default index.html), a folder its index.html,
/// with content types from the file name, ETag (the blob id), 304 for a matching If-None-Match and single byte ranges (206/416).
/// </summary>
internal sealed class StaticSpaceFiles(RepoStorage storage)
{
    private static readonly GatewayPage FileNotFound = new(StatusCodes.Status404NotFound, "404: file not found", "This Space has no file at this address.");

    public async Task ServeAsync(HttpContext context, Repo space, string revision, SpaceAppConfig config, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var git = storage.Open(space);
        var requested = request.Path.Value ?? "/";
        var path = requested == "/" ? config.AppFile : requested.EndsWith('/') ? requested.TrimStart('/') + "index.html" : requested.TrimStart('/');
        var entry = await FindAsync(git, revision, path, cancellationToken);
        if (entry is null)
        {
            // A folder asked for without its slash: send the browser to the slash, so the folder's relative links resolve inside it.
            if (!requested.EndsWith('/') && await FindAsync(git, revision, path + "/index.html", cancellationToken) is not null)
            {
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                response.Headers.Location = (request.PathBase + request.Path).ToUriComponent() + "/" + request.QueryString.ToUriComponent();
                return;
            }

            await GatewayPages.WriteAsync(context, FileNotFound, cancellationToken);
            return;
        }

        await BlobResponse.WriteAsync(context, git, entry, space.IsPrivate, cancellationToken);
    }

    // A path git cannot hold ('..', control characters...) is simply not there.
    private static async Task<TreeEntry?> FindAsync(GitRepository git, string revision, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await git.GetFileAsync(revision, path, cancellationToken);
        }
        catch (InvalidRepoPathException)
        {
            return null;
        }
    }
}
