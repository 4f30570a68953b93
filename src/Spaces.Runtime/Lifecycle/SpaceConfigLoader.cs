using System.Text;
using Spaces.Core.Config;
using Spaces.Core.Repositories;

namespace Spaces.Runtime.Lifecycle;

/// <summary>Reads a Space's config at a revision: README.md's front matter checked against the revision's file list.</summary>
public sealed class SpaceConfigLoader(RepoStorage storage)
{
    /// <summary>Parses the config; problems (no README, no app file, wrong keys, unknown revision) are in the result, never thrown.</summary>
    public async Task<SpaceConfigResult> LoadAsync(Repo space, string revision, CancellationToken cancellationToken)
    {
        var git = storage.Open(space);
        IReadOnlyList<string> files;
        try
        {
            files = [.. (await git.ListTreeAsync(revision, recursive: true, cancellationToken: cancellationToken))
                .Where(e => e.Type == TreeEntryType.File).Select(e => e.Path)];
        }
        catch (RepoEntryNotFoundException)
        {
            return SpaceConfig.Parse(null, space.FullName, []);
        }

        var readme = await git.ReadFileAsync(revision, "README.md", cancellationToken);
        return SpaceConfig.Parse(readme is null ? null : Encoding.UTF8.GetString(readme), space.FullName, files);
    }
}
