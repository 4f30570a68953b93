using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Files;

/// <summary><c>GET /api/{type}s/{owner}/{name}/tree/{rev}/{path?}[?recursive=true]</c>: the entries of a folder at a revision.</summary>
internal static class TreeEndpoint
{
    public static async Task<IResult> HandleAsync(
        RepoService service, RepoStorage storage, ActorAccessor actors, RepoType type, string owner, string name, string rev, string? path,
        bool? recursive, CancellationToken cancellationToken)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(cancellationToken), type, owner, name, cancellationToken);
        var git = storage.Open(repo);
        var commit = await FileRequests.ResolveCommitAsync(git, repo, rev, cancellationToken);
        IReadOnlyList<TreeEntry> entries;
        try
        {
            entries = await git.ListTreeAsync(commit, path, recursive ?? false, cancellationToken);
        }
        catch (InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid("path", invalid.Message);
        }
        catch (RepoEntryNotFoundException)
        {
            throw new HubNotFoundException(HubNotFoundException.EntryNotFound, $"Folder '{path}' does not exist at {rev} in {repo.FullName}.");
        }

        return TypedResults.Json<IReadOnlyList<TreeItem>>(
            [.. entries.Select(e => new TreeItem(e.Type == TreeEntryType.File ? "file" : "directory", e.Oid, e.Size ?? 0, e.Path))],
            FilesJsonContext.Default.IReadOnlyListTreeItem);
    }
}
