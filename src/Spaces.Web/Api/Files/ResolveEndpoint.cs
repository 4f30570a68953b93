using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Gateway.Files;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Files;

/// <summary>
/// <c>GET|HEAD /{owner}/{name}/resolve/{rev}/{path}</c> (Spaces under <c>/spaces/</c>): a file at a revision, streamed from git,
/// with ETag (the blob id), X-Repo-Commit, conditional requests (304) and single byte ranges (206/416).
/// </summary>
internal static class ResolveEndpoint
{
    public static async Task HandleAsync(
        HttpContext http, RepoService service, RepoStorage storage, ActorAccessor actors, RepoType type, string owner, string name, string rev,
        string path, CancellationToken cancellationToken)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(cancellationToken), type, owner, name, cancellationToken);
        var git = storage.Open(repo);
        var commit = await FileRequests.ResolveCommitAsync(git, repo, rev, cancellationToken);
        TreeEntry? entry;
        try
        {
            entry = await git.GetFileAsync(commit, path, cancellationToken);
        }
        catch (InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid("path", invalid.Message);
        }

        if (entry is null)
        {
            throw new HubNotFoundException(HubNotFoundException.EntryNotFound, $"File '{path}' does not exist at {rev} in {repo.FullName}.");
        }

        // Repository files are served from the platform's origin: HTML runs in a sandbox, without the platform's cookies.
        http.Response.Headers["X-Repo-Commit"] = commit;
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        await BlobResponse.WriteAsync(http, git, entry, repo.IsPrivate, cancellationToken);
    }
}
