namespace Spaces.Core.Repositories;

/// <summary>Who made a commit.</summary>
public sealed record CommitAuthor(string Name, string Email);

/// <summary>One change in a commit.</summary>
public abstract record CommitOperation(string Path);

/// <summary>
/// Adds or replaces a file with the content of <paramref name="Content"/> (read once, to its end). <paramref name="Mode"/> null (the
/// default) keeps the mode of the file it replaces (executable, symbolic link); a new file is <see cref="RepoFileMode.Regular"/>.
/// </summary>
public sealed record PutFile(string Path, Stream Content, RepoFileMode? Mode = null) : CommitOperation(Path);

/// <summary>
/// Adds or replaces a file with a blob already in the repository's object store, written by
/// <see cref="Git.GitRepository.WriteBlobAsync"/> while an upload streamed in (or already in a tree, for a rename): the commit only
/// records it. <paramref name="Mode"/> as for <see cref="PutFile"/>: null keeps the replaced file's mode, a new file is regular.
/// </summary>
public sealed record PutBlob(string Path, string BlobId, RepoFileMode? Mode = null) : CommitOperation(Path);

/// <summary>Deletes one file; deleting a file that does not exist is an error.</summary>
public sealed record DeleteFile(string Path) : CommitOperation(Path);

/// <summary>Deletes every file under a folder; deleting a folder that does not exist is an error.</summary>
public sealed record DeleteFolder(string Path) : CommitOperation(Path);

/// <summary>
/// A commit to make on a branch. <paramref name="ExpectedParent"/>, when given, must be the branch head, or nothing is written;
/// <paramref name="MaxRepoBytes"/>, when given, bounds the size of all files after the commit.
/// </summary>
public sealed record CommitRequest(
    string Summary,
    CommitAuthor Author,
    IReadOnlyList<CommitOperation> Operations,
    string? ExpectedParent = null,
    string? Description = null,
    string Branch = "main",
    long? MaxRepoBytes = null);

/// <summary>The outcome of a commit: the new head, its parent, and whether anything changed (no change makes no commit).</summary>
public sealed record CommitResult(string CommitId, string? ParentId, bool Changed);

/// <summary>A commit in the history.</summary>
public sealed record CommitInfo(
    string Id,
    IReadOnlyList<string> Parents,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset Date,
    string Title,
    string Message);

/// <summary>What a tree entry is.</summary>
public enum TreeEntryType
{
    /// <summary>A file (blob).</summary>
    File,

    /// <summary>A folder (tree).</summary>
    Directory,
}

/// <summary>How git records a file: its tree entry mode.</summary>
public enum RepoFileMode
{
    /// <summary>A regular file (git mode 100644).</summary>
    Regular,

    /// <summary>An executable file (git mode 100755).</summary>
    Executable,

    /// <summary>A symbolic link (git mode 120000): the blob's content is the link target.</summary>
    Symlink,
}

/// <summary>
/// A file or folder at a revision: its path from the repository root, git object id, for files size in bytes and
/// <paramref name="Mode"/> (null for folders).
/// </summary>
public sealed record TreeEntry(string Path, TreeEntryType Type, string Oid, long? Size, RepoFileMode? Mode = null);

/// <summary>A branch or tag and the commit it points at.</summary>
public sealed record GitRef(string Name, string Kind, string Target);

/// <summary>The branch moved since the writer read it: the write was refused and nothing changed.</summary>
public sealed class RepoConflictException(string? expected, string? actual)
    : Exception($"The branch head is {actual ?? "(none)"}, not the expected parent {expected ?? "(none)"}: reload and try again.")
{
    /// <summary>The parent the writer expected.</summary>
    public string? Expected { get; } = expected;

    /// <summary>The actual head.</summary>
    public string? Actual { get; } = actual;
}

/// <summary>The commit would make the repository larger than its quota; nothing was written.</summary>
public sealed class RepoQuotaExceededException(long size, long max)
    : Exception($"The repository would hold {size:N0} bytes, more than its limit of {max:N0} bytes; delete files or upload less.")
{
    /// <summary>Bytes the files at the head would take.</summary>
    public long Size { get; } = size;

    /// <summary>The limit.</summary>
    public long Max { get; } = max;
}

/// <summary>A revision or path that does not exist in the repository.</summary>
public sealed class RepoEntryNotFoundException(string message) : Exception(message);
