using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Templates;

/// <summary>
/// A folder on disk committed into a repository as it is: every file below it ('/'-separated paths), build outputs and VCS folders
/// (<c>bin</c>, <c>obj</c>, <c>.git</c>, <c>node_modules</c>) left out. Used for templates and by the seeder.
/// </summary>
public sealed class RepoFolder
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", ".git", "node_modules", ".vs" };

    private RepoFolder(string root, SortedDictionary<string, byte[]> files)
    {
        Root = root;
        Files = files;
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The files by path relative to <see cref="Root"/>, with their content (changed by <see cref="Put"/>).</summary>
    public SortedDictionary<string, byte[]> Files { get; }

    /// <summary>Reads every file below <paramref name="directory"/>; throws <see cref="DirectoryNotFoundException"/> when it is missing.</summary>
    public static async Task<RepoFolder> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The folder {root} does not exist.");
        }

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Enumerate(root))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            files[relative] = await File.ReadAllBytesAsync(path, cancellationToken);
        }

        return new RepoFolder(root, files);
    }

    /// <summary>Replaces (or adds) one file's content.</summary>
    public void Put(string path, byte[] content) => Files[path] = content;

    /// <summary>The folder's files as commit operations (each put once).</summary>
    public IReadOnlyList<CommitOperation> ToOperations() =>
        [.. Files.Select(file => (CommitOperation)new PutFile(file.Key, new MemoryStream(file.Value, writable: false)))];

    /// <summary>
    /// The operations that make the repository's files at <paramref name="revision"/> exactly this folder's: every file put (an
    /// unchanged file changes nothing), and files the folder does not hold deleted. Commit them; identical content makes no commit.
    /// </summary>
    public async Task<IReadOnlyList<CommitOperation>> ToSyncOperationsAsync(GitRepository git, string revision, CancellationToken cancellationToken = default)
    {
        var existing = await git.ListTreeAsync(revision, recursive: true, cancellationToken: cancellationToken);
        var operations = new List<CommitOperation>(ToOperations());
        operations.AddRange(existing.Where(e => e.Type == TreeEntryType.File && !Files.ContainsKey(e.Path)).Select(e => new DeleteFile(e.Path)));
        return operations;
    }

    private static IEnumerable<string> Enumerate(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (Skipped.Contains(Path.GetFileName(sub)) || new FileInfo(sub).LinkTarget is not null)
            {
                continue;
            }

            foreach (var file in Enumerate(sub))
            {
                yield return file;
            }
        }
    }
}
