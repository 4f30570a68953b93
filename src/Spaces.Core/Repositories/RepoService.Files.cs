using Spaces.Core.Problems;

namespace Spaces.Core.Repositories;

/// <summary>Single-file changes at main (write, delete, rename or move), each one commit through <see cref="CommitAsync"/>.</summary>
public sealed partial class RepoService
{
    /// <summary>
    /// Writes one file at main in one commit (<c>Update {path}</c>, or <c>Create {path}</c> for a new file, unless
    /// <paramref name="summary"/> says otherwise): <paramref name="content"/> and, when <paramref name="executable"/> is given, the
    /// mode (100755 or 100644) in the same commit; null keeps the file's mode (a new file is 100644). Content and mode unchanged make
    /// no commit. A symbolic link cannot be made executable (400). With <paramref name="expectedParent"/>, main must still be there
    /// (412 otherwise); nothing changes on error.
    /// </summary>
    public async Task<CommitResult> WriteFileAsync(
        Actor actor, Repo repo, string? path, Stream content, bool? executable, string? expectedParent, string? summary = null,
        string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await RequireWriteAsync(actor, repo, cancellationToken);
        var to = FilePath(path, "path");
        var head = await MainForChangeAsync(repo, expectedParent, cancellationToken);
        var existing = head is null ? null : await storage.Open(repo).GetFileAsync(head, to, cancellationToken);
        if (existing?.Mode == RepoFileMode.Symlink && executable == true)
        {
            throw ProblemException.Invalid("executable", $"'{to}' is a symbolic link: a link cannot be made executable.");
        }

        RepoFileMode? mode = existing?.Mode == RepoFileMode.Symlink ? null : executable switch
        {
            true => RepoFileMode.Executable,
            false => RepoFileMode.Regular,
            null => null,
        };
        return await CommitAsync(actor, repo, new CommitRequest(
            Summary(summary, existing is null ? $"Create {to}" : $"Update {to}"), AuthorOf(actor.User), [new PutFile(to, content, mode)],
            ExpectedParent: head, Description: Clean(description)),
            cancellationToken);
    }

    /// <summary>
    /// Deletes one file at main in one commit (<c>Delete {path}</c> unless <paramref name="summary"/> says otherwise). With
    /// <paramref name="expectedParent"/>, main must still be there (412 otherwise); a missing file is 404; nothing changes on error.
    /// </summary>
    public async Task<CommitResult> DeleteFileAsync(
        Actor actor, Repo repo, string? path, string? expectedParent, string? summary = null, string? description = null,
        CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        var from = FilePath(path, "path");
        var head = await HeadForChangeAsync(repo, expectedParent, cancellationToken);
        await ExistingFileAsync(repo, head, from, cancellationToken);
        return await CommitAsync(actor, repo, new CommitRequest(
            Summary(summary, $"Delete {from}"), AuthorOf(actor.User), [new DeleteFile(from)], ExpectedParent: head, Description: Clean(description)),
            cancellationToken);
    }

    /// <summary>
    /// Renames or moves one file at main in one commit that removes <paramref name="path"/> and adds <paramref name="newPath"/> with
    /// the same content and mode (an executable stays executable, a symbolic link stays a link to the same target). The new path
    /// follows the upload rules (<see cref="RepoPaths"/>) and must not exist yet (409); with <paramref name="expectedParent"/>, main
    /// must still be there (412); a missing file is 404; nothing changes on error.
    /// </summary>
    public async Task<CommitResult> MoveFileAsync(
        Actor actor, Repo repo, string? path, string? newPath, string? expectedParent, string? summary = null, string? description = null,
        CancellationToken cancellationToken = default)
    {
        await RequireWriteAsync(actor, repo, cancellationToken);
        var from = FilePath(path, "path");
        var to = FilePath(newPath, "newPath");
        if (to == from)
        {
            throw ProblemException.Invalid("newPath", $"'{to}' is where the file already is: enter a different path.");
        }

        var head = await HeadForChangeAsync(repo, expectedParent, cancellationToken);
        var file = await ExistingFileAsync(repo, head, from, cancellationToken);
        var git = storage.Open(repo);
        if (await git.GetFileAsync(head, to, cancellationToken) is not null)
        {
            throw ProblemException.Conflict($"A file '{to}' already exists: delete it first or choose another path.", "newPath");
        }

        if (await IsFolderAsync(git, head, to, cancellationToken))
        {
            throw ProblemException.Conflict($"'{to}' is a folder: name the file inside it (for example '{to}/{from[(from.LastIndexOf('/') + 1)..]}').", "newPath");
        }

        return await CommitAsync(actor, repo, new CommitRequest(
            Summary(summary, $"Rename {from} to {to}"), AuthorOf(actor.User), [new DeleteFile(from), new PutBlob(to, file.Oid, file.Mode)],
            ExpectedParent: head, Description: Clean(description)),
            cancellationToken);
    }

    /// <summary>A path checked by the same rules as uploads and commits; a trailing slash names a folder, not a file.</summary>
    private static string FilePath(string? path, string field)
    {
        string normalized;
        try
        {
            normalized = RepoPaths.Normalize(path?.Trim());
        }
        catch (InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid(field, invalid.Message);
        }

        return path!.Trim().EndsWith('/')
            ? throw ProblemException.Invalid(field, $"Invalid path '{path.Trim()}': a file's path cannot end with '/'.")
            : normalized;
    }

    /// <summary>Main's head, which must be <paramref name="expectedParent"/> when one is given (the head the writer saw).</summary>
    private async Task<string> HeadForChangeAsync(Repo repo, string? expectedParent, CancellationToken cancellationToken) =>
        await MainForChangeAsync(repo, expectedParent, cancellationToken) ?? throw ProblemException.NotFound($"{repo.FullName} has no files yet.");

    /// <summary>As <see cref="HeadForChangeAsync"/>, but null when main has no commit yet.</summary>
    private async Task<string?> MainForChangeAsync(Repo repo, string? expectedParent, CancellationToken cancellationToken)
    {
        var head = await storage.Open(repo).ResolveAsync("refs/heads/main", cancellationToken);
        if (!string.IsNullOrEmpty(expectedParent) && !string.Equals(expectedParent, head, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ProblemKind.PreconditionFailed, new RepoConflictException(expectedParent, head).Message, "parentCommit");
        }

        return head;
    }

    private async Task<TreeEntry> ExistingFileAsync(Repo repo, string head, string path, CancellationToken cancellationToken) =>
        await storage.Open(repo).GetFileAsync(head, path, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no file '{path}' at main in {repo.FullName}.");

    private static async Task<bool> IsFolderAsync(Git.GitRepository git, string head, string path, CancellationToken cancellationToken)
    {
        try
        {
            await git.ListTreeAsync(head, path, cancellationToken: cancellationToken);
            return true;
        }
        catch (RepoEntryNotFoundException)
        {
            return false;
        }
    }

    private static string Summary(string? summary, string fallback) =>
        string.IsNullOrWhiteSpace(summary) ? fallback : summary.Trim();

    private static string? Clean(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
