using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Repositories;

/// <summary>Where each repository's bare git directory lives: <c>{data}/repos/{storage key}.git</c> (stable across renames).</summary>
public sealed class RepoStorage(IOptions<SpacesOptions> options)
{
    /// <summary>The folder holding every bare repository.</summary>
    public string Root { get; } = Path.Combine(options.Value.DataDirFullPath, "repos");

    /// <summary>The bare repository directory of <paramref name="repo"/>.</summary>
    public string PathOf(Repo repo) => Path.Combine(Root, repo.StorageKey + ".git");

    /// <summary>Opens the git repository of <paramref name="repo"/>.</summary>
    public GitRepository Open(Repo repo) => GitRepository.Open(PathOf(repo));

    /// <summary>Creates the bare git repository of a new <paramref name="repo"/>.</summary>
    public Task<GitRepository> InitAsync(Repo repo, CancellationToken cancellationToken) => GitRepository.InitAsync(PathOf(repo), cancellationToken);

    /// <summary>Deletes the git directory of <paramref name="repo"/> (after the database row is gone).</summary>
    public void Delete(Repo repo)
    {
        var path = PathOf(repo);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
