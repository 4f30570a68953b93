using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Spaces.Core.Repositories.Git;

/// <summary>
/// One bare git repository on disk, written and read through the git CLI: every change is a commit on a branch,
/// made with a temporary index and moved with a compare-and-swap of the branch ref, so a stale writer changes nothing.
/// Blob writing lives in <c>GitRepository.Blobs.cs</c>, planning a commit's changes (paths and file modes) in <c>GitRepository.Changes.cs</c>.
/// </summary>
public sealed partial class GitRepository
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteLocks = new(StringComparer.Ordinal);
    private readonly GitCommand _git;

    private GitRepository(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _git = new GitCommand(Path);
    }

    /// <summary>The repository directory.</summary>
    public string Path { get; }

    /// <summary>Opens an existing bare repository.</summary>
    public static GitRepository Open(string path)
    {
        if (!File.Exists(System.IO.Path.Combine(path, "HEAD")))
        {
            throw new RepoEntryNotFoundException($"No git repository at {path}.");
        }

        return new GitRepository(path);
    }

    /// <summary>Creates a bare repository whose default branch is <c>main</c> (or opens it when it exists).</summary>
    public static async Task<GitRepository> InitAsync(string path, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(path);
        var repository = new GitRepository(path);
        if (!File.Exists(System.IO.Path.Combine(repository.Path, "HEAD")))
        {
            await repository._git.RunAsync(["init", "--quiet", "--bare", "--initial-branch=main"], cancellationToken);
            // Pushes over smart HTTP are authorised by the platform, not by git's own check.
            await repository._git.RunAsync(["config", "http.receivepack", "true"], cancellationToken);
            // Model weights do not compress: storing loose objects without zlib makes large uploads several times faster.
            await repository._git.RunAsync(["config", "core.looseCompression", "0"], cancellationToken);
        }

        return repository;
    }

    /// <summary>The commit a revision (branch, tag, full or short commit id) names, or null when it names none.</summary>
    public async Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken = default)
    {
        if (!IsSafeRevision(revision))
        {
            return null;
        }

        var output = await _git.RunTextAsync(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken, allowFailure: true);
        return output.Length == 0 ? null : output.Trim();
    }

    /// <summary>
    /// Applies <paramref name="request"/> as one commit. Throws <see cref="RepoConflictException"/> when the expected parent is not the
    /// branch head (or the branch moved meanwhile), <see cref="RepoEntryNotFoundException"/> for deletions of missing paths.
    /// </summary>
    public async Task<CommitResult> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Summary))
        {
            throw new ArgumentException("A commit needs a summary.", nameof(request));
        }

        if (request.Operations.Count == 0)
        {
            throw new ArgumentException("A commit needs at least one operation.", nameof(request));
        }

        var branchRef = "refs/heads/" + request.Branch;
        var writeLock = WriteLocks.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
        await writeLock.WaitAsync(cancellationToken);
        var index = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"spaces-index-{Guid.NewGuid():N}");
        try
        {
            var head = await ResolveAsync(branchRef, cancellationToken);
            if (request.ExpectedParent is { } expected && !string.Equals(expected, head, StringComparison.OrdinalIgnoreCase))
            {
                throw new RepoConflictException(expected, head);
            }

            var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
            if (head is not null)
            {
                await _git.RunAsync(["read-tree", head], cancellationToken, environment: env);
            }

            var existing = head is null
                ? new Dictionary<string, RepoFileMode?>(StringComparer.Ordinal)
                : await ListFileModesAsync(head, cancellationToken);
            var changes = PlanChanges(request.Operations, existing);
            var blobs = await HashBlobsAsync([.. changes.Select(c => c.Put).OfType<PutFile>()], cancellationToken);
            await RequireBlobsAsync([.. changes.Select(c => c.Put).OfType<PutBlob>()], cancellationToken);
            var indexInfo = new StringBuilder();
            foreach (var change in changes)
            {
                var blob = change.Put switch
                {
                    PutFile file => blobs[file],
                    PutBlob written => written.BlobId,
                    _ => null,
                };
                indexInfo.Append(blob is null ? $"0 {new string('0', 40)}" : $"{GitMode(change.Mode)} {blob}")
                    .Append('\t').Append(change.Path).Append('\n');
            }

            await _git.RunAsync(["update-index", "--add", "--index-info"], cancellationToken,
                stdin: new MemoryStream(Encoding.UTF8.GetBytes(indexInfo.ToString())), environment: env);
            var tree = (await _git.RunTextAsync(["write-tree"], cancellationToken, environment: env)).Trim();
            if (request.MaxRepoBytes is { } max && await TreeSizeAsync(tree, cancellationToken) is var size && size > max)
            {
                throw new RepoQuotaExceededException(size, max);
            }

            if (head is not null && tree == (await _git.RunTextAsync(["rev-parse", head + "^{tree}"], cancellationToken)).Trim())
            {
                return new CommitResult(head, head, Changed: false);
            }

            var message = string.IsNullOrWhiteSpace(request.Description)
                ? request.Summary.Trim()
                : request.Summary.Trim() + "\n\n" + request.Description.Trim();
            var commitEnv = new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = request.Author.Name,
                ["GIT_AUTHOR_EMAIL"] = request.Author.Email,
                ["GIT_COMMITTER_NAME"] = request.Author.Name,
                ["GIT_COMMITTER_EMAIL"] = request.Author.Email,
            };
            List<string> commitArgs = ["commit-tree", tree];
            if (head is not null)
            {
                commitArgs.AddRange(["-p", head]);
            }

            var commit = (await _git.RunTextAsync(commitArgs, cancellationToken,
                stdin: new MemoryStream(Encoding.UTF8.GetBytes(message + "\n")), environment: commitEnv)).Trim();

            // Compare-and-swap: fails when someone (a git push) moved the branch since we read it.
            var oldValue = head ?? new string('0', 40);
            var swapped = await _git.RunExitCodeAsync(["update-ref", "-m", "commit: " + request.Summary.Trim(), branchRef, commit, oldValue], cancellationToken);
            if (swapped != 0)
            {
                throw new RepoConflictException(head, await ResolveAsync(branchRef, cancellationToken));
            }

            return new CommitResult(commit, head, Changed: true);
        }
        finally
        {
            File.Delete(index);
            writeLock.Release();
        }
    }

    /// <summary>
    /// The entries of a folder at a revision (the root when <paramref name="path"/> is empty), or every file below it when
    /// <paramref name="recursive"/>. Throws <see cref="RepoEntryNotFoundException"/> for an unknown revision or folder.
    /// </summary>
    public async Task<IReadOnlyList<TreeEntry>> ListTreeAsync(
        string revision, string? path = null, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var commit = await ResolveAsync(revision, cancellationToken)
            ?? throw new RepoEntryNotFoundException($"Revision '{revision}' does not exist.");
        var folder = string.IsNullOrEmpty(path) ? "" : RepoPaths.Normalize(path);
        var treeish = folder.Length == 0 ? commit : $"{commit}:{folder}";
        if (folder.Length > 0 && await ObjectTypeAsync(treeish, cancellationToken) != "tree")
        {
            throw new RepoEntryNotFoundException($"Folder '{folder}' does not exist at {revision}.");
        }

        List<string> args = ["ls-tree", "-z", "-l"];
        if (recursive)
        {
            args.Add("-r");
        }

        args.Add(treeish);
        var output = await _git.RunTextAsync(args, cancellationToken);
        var entries = new List<TreeEntry>();
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = record[(tab + 1)..];
            var fullPath = folder.Length == 0 ? name : folder + "/" + name;
            switch (fields[1])
            {
                case "tree":
                    entries.Add(new TreeEntry(fullPath, TreeEntryType.Directory, fields[2], null));
                    break;
                case "blob":
                    entries.Add(new TreeEntry(fullPath, TreeEntryType.File, fields[2], long.Parse(fields[3], CultureInfo.InvariantCulture), ModeOf(fields[0])));
                    break;
                default:
                    // A submodule (gitlink, type "commit", size "-") points into another repository: nothing here to list or serve.
                    break;
            }
        }

        return entries;
    }

    /// <summary>A file's blob id and size at a revision, or null when the file does not exist there.</summary>
    public async Task<TreeEntry?> GetFileAsync(string revision, string path, CancellationToken cancellationToken = default)
    {
        var commit = await ResolveAsync(revision, cancellationToken);
        if (commit is null)
        {
            return null;
        }

        var normalized = RepoPaths.Normalize(path);
        var output = await _git.RunTextAsync(["ls-tree", "-z", "-l", commit, "--", normalized], cancellationToken);
        var record = output.Split('\0', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (record is null)
        {
            return null;
        }

        var fields = record[..record.IndexOf('\t', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields[1] == "blob"
            ? new TreeEntry(normalized, TreeEntryType.File, fields[2], long.Parse(fields[3], CultureInfo.InvariantCulture), ModeOf(fields[0]))
            : null;
    }

    /// <summary>Opens a blob's content as a stream read straight from git (never held whole in memory).</summary>
    public Stream OpenBlob(string blobId)
    {
        if (!IsObjectId(blobId))
        {
            throw new ArgumentException($"'{blobId}' is not an object id.", nameof(blobId));
        }

        return new GitOutputStream(_git.StartStreaming(["cat-file", "blob", blobId]), GitCommand.Describe(["cat-file", "blob", blobId]));
    }

    /// <summary>Reads a whole (small) file at a revision; null when it does not exist.</summary>
    public async Task<byte[]?> ReadFileAsync(string revision, string path, CancellationToken cancellationToken = default)
    {
        var entry = await GetFileAsync(revision, path, cancellationToken);
        return entry is null ? null : await _git.RunAsync(["cat-file", "blob", entry.Oid], cancellationToken);
    }

    /// <summary>The history reachable from a revision, newest first.</summary>
    public async Task<IReadOnlyList<CommitInfo>> LogAsync(
        string revision, int skip = 0, int limit = 50, string? path = null, CancellationToken cancellationToken = default)
    {
        var commit = await ResolveAsync(revision, cancellationToken)
            ?? throw new RepoEntryNotFoundException($"Revision '{revision}' does not exist.");
        List<string> args =
        [
            "log", "-z", $"--skip={Math.Max(0, skip)}", $"--max-count={Math.Clamp(limit, 1, 1000)}",
            "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%B", commit,
        ];
        if (!string.IsNullOrEmpty(path))
        {
            args.AddRange(["--", RepoPaths.Normalize(path)]);
        }

        var output = await _git.RunTextAsync(args, cancellationToken);
        return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(ParseCommit)];
    }

    /// <summary>Branches and tags.</summary>
    public async Task<IReadOnlyList<GitRef>> ListRefsAsync(CancellationToken cancellationToken = default)
    {
        var output = await _git.RunTextAsync(
            ["for-each-ref", "--format=%(refname)%09%(objectname)", "refs/heads", "refs/tags"], cancellationToken);
        return
        [
            .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            {
                var (name, target) = (line[..line.IndexOf('\t', StringComparison.Ordinal)], line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..]);
                return name.StartsWith("refs/heads/", StringComparison.Ordinal)
                    ? new GitRef(name["refs/heads/".Length..], "branch", target)
                    : new GitRef(name["refs/tags/".Length..], "tag", target);
            }),
        ];
    }

    /// <summary>
    /// Makes the first commit of this (empty) repository hold exactly the files of <paramref name="source"/> at <paramref name="commit"/>,
    /// without its history: objects are fetched by git, nothing is read into memory.
    /// </summary>
    public async Task<CommitResult> ImportSnapshotAsync(
        GitRepository source, string commit, CommitAuthor author, string summary, CancellationToken cancellationToken = default)
    {
        if (!IsObjectId(commit))
        {
            throw new ArgumentException($"'{commit}' is not a commit id.", nameof(commit));
        }

        await _git.RunAsync(["fetch", "--quiet", "--no-tags", source.Path, commit], cancellationToken);
        var tree = (await _git.RunTextAsync(["rev-parse", commit + "^{tree}"], cancellationToken)).Trim();
        var env = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = author.Name,
            ["GIT_AUTHOR_EMAIL"] = author.Email,
            ["GIT_COMMITTER_NAME"] = author.Name,
            ["GIT_COMMITTER_EMAIL"] = author.Email,
        };
        var created = (await _git.RunTextAsync(["commit-tree", tree], cancellationToken,
            stdin: new MemoryStream(Encoding.UTF8.GetBytes(summary + "\n")), environment: env)).Trim();
        if (await _git.RunExitCodeAsync(["update-ref", "refs/heads/main", created, new string('0', 40)], cancellationToken) != 0)
        {
            throw new RepoConflictException(null, await ResolveAsync("refs/heads/main", cancellationToken));
        }

        return new CommitResult(created, null, Changed: true);
    }

    private async Task<long> TreeSizeAsync(string tree, CancellationToken cancellationToken)
    {
        var output = await _git.RunTextAsync(["ls-tree", "-r", "-l", "-z", tree], cancellationToken);
        long total = 0;
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record[..record.IndexOf('\t', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            total += long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
        }

        return total;
    }

    private async Task<string?> ObjectTypeAsync(string objectName, CancellationToken cancellationToken)
    {
        var output = await _git.RunTextAsync(["cat-file", "-t", objectName], cancellationToken, allowFailure: true);
        return output.Length == 0 ? null : output.Trim();
    }

    private static CommitInfo ParseCommit(string record)
    {
        var f = record.TrimStart('\n').Split('\x1f');
        return new CommitInfo(
            f[0],
            f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            f[2],
            f[3],
            DateTimeOffset.Parse(f[4], CultureInfo.InvariantCulture),
            f[5],
            f[6].TrimEnd('\n'));
    }

    private static bool IsObjectId(string value) => value.Length is >= 4 and <= 64 && value.All(char.IsAsciiHexDigit);

    // Revisions come from URLs: no options, no ranges, no reflog or path syntax.
    private static bool IsSafeRevision(string revision) =>
        revision.Length is > 0 and <= 256
        && !revision.StartsWith('-')
        && !revision.Contains("..", StringComparison.Ordinal)
        && revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');
}
