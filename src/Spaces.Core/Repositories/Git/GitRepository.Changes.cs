namespace Spaces.Core.Repositories.Git;

/// <summary>
/// Planning a commit: every operation checked against the files at the head, and the mode each written file gets. A file whose
/// content is replaced keeps its mode (an executable script stays executable, a symbolic link stays a link); a new file is
/// regular unless its operation names a mode (a rename carries the source's).
/// </summary>
public sealed partial class GitRepository
{
    private const string RegularMode = "100644";
    private const string ExecutableMode = "100755";
    private const string SymlinkMode = "120000";

    /// <summary>The mode a blob entry of a tree records, or null for what is not a file (a submodule, a folder).</summary>
    internal static RepoFileMode? ModeOf(string gitMode) => gitMode switch
    {
        ExecutableMode => RepoFileMode.Executable,
        SymlinkMode => RepoFileMode.Symlink,
        // Old trees may hold 100664 (group-writable), which git reads as a regular file.
        "100644" or "100664" => RepoFileMode.Regular,
        _ => null,
    };

    /// <summary>The mode git writes into a tree for <paramref name="mode"/>.</summary>
    internal static string GitMode(RepoFileMode mode) => mode switch
    {
        RepoFileMode.Executable => ExecutableMode,
        RepoFileMode.Symlink => SymlinkMode,
        _ => RegularMode,
    };

    // Checks every operation against the files at the head (and those added before it) and lists the index changes in order:
    // a put (PutFile or PutBlob) with the mode it writes, or a removal (null) per path. Nothing is written here.
    // existing maps each path at the head to its mode (null for entries that are not files, such as submodules).
    private static List<(string Path, CommitOperation? Put, RepoFileMode Mode)> PlanChanges(
        IReadOnlyList<CommitOperation> operations, Dictionary<string, RepoFileMode?> existing)
    {
        var changes = new List<(string Path, CommitOperation? Put, RepoFileMode Mode)>();
        foreach (var operation in operations)
        {
            var path = RepoPaths.Normalize(operation.Path);
            switch (operation)
            {
                case PutFile or PutBlob:
                    if (operation is PutBlob { BlobId: var blobId } && !IsFullObjectId(blobId))
                    {
                        throw new ArgumentException($"'{blobId}' (for '{path}') is not a full blob id.", nameof(operations));
                    }

                    var requested = operation switch
                    {
                        PutFile file => file.Mode,
                        PutBlob blob => blob.Mode,
                        _ => null,
                    };
                    if (requested is { } named && !Enum.IsDefined(named))
                    {
                        throw new ArgumentException($"'{named}' (for '{path}') is not a file mode.", nameof(operations));
                    }

                    if (existing.Keys.Any(p => p.StartsWith(path + "/", StringComparison.Ordinal)))
                    {
                        throw new InvalidRepoPathException(path, "a folder with this name exists");
                    }

                    for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
                    {
                        if (existing.ContainsKey(path[..slash]))
                        {
                            throw new InvalidRepoPathException(path, $"'{path[..slash]}' is a file, not a folder");
                        }
                    }

                    var mode = requested ?? (existing.TryGetValue(path, out var current) ? current : null) ?? RepoFileMode.Regular;
                    existing[path] = mode;
                    changes.Add((path, operation, mode));
                    break;
                case DeleteFile:
                    if (!existing.Remove(path))
                    {
                        throw new RepoEntryNotFoundException($"Cannot delete '{path}': no such file.");
                    }

                    changes.Add((path, null, RepoFileMode.Regular));
                    break;
                case DeleteFolder:
                    var under = existing.Keys.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal)).ToList();
                    if (under.Count == 0)
                    {
                        throw new RepoEntryNotFoundException($"Cannot delete folder '{path}': no such folder.");
                    }

                    foreach (var file in under)
                    {
                        existing.Remove(file);
                        changes.Add((file, null, RepoFileMode.Regular));
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown commit operation {operation.GetType().Name}.", nameof(operations));
            }
        }

        return changes;
    }

    // Every entry at a commit (files, links, submodules) with its mode, in one git process.
    private async Task<Dictionary<string, RepoFileMode?>> ListFileModesAsync(string commit, CancellationToken cancellationToken)
    {
        var output = await _git.RunTextAsync(["ls-tree", "-r", "-z", commit], cancellationToken);
        var modes = new Dictionary<string, RepoFileMode?>(StringComparer.Ordinal);
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> TAB <path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            modes[record[(tab + 1)..]] = ModeOf(record[..record.IndexOf(' ', StringComparison.Ordinal)]);
        }

        return modes;
    }
}
