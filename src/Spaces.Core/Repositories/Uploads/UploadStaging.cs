using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// The files and deletions of one upload, gathered while the request streams in. Every limit of <see cref="UploadLimits"/> is
/// checked as bytes arrive; when the upload is complete <see cref="Operations"/> becomes one commit. With a repository, file
/// contents stream straight into its object store (written once, as unreferenced blobs until the commit names them); without
/// one they are staged in a private temporary folder. Archives are always kept in that folder while they are unpacked.
/// Disposing deletes the folder, so a refused or cut-off upload leaves nothing behind but blobs no commit names (git gc prunes them).
/// </summary>
public sealed class UploadStaging : IDisposable
{
    private const int CopyChunk = 81920;
    private readonly List<Staged> _entries = [];
    private readonly Dictionary<string, int> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private readonly GitRepository? _repository;
    private int _scratch;

    /// <summary>
    /// Creates an empty staging folder under <paramref name="tempRoot"/> (the system temp folder when null). Given
    /// <paramref name="repository"/>, the repository the upload will be committed to, file contents go into its object store instead.
    /// </summary>
    public UploadStaging(UploadLimits limits, string? tempRoot = null, GitRepository? repository = null)
    {
        Limits = limits;
        _repository = repository;
        Directory = Path.Combine(tempRoot ?? Path.GetTempPath(), $"spaces-upload-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The limits this upload is held to.</summary>
    public UploadLimits Limits { get; }

    /// <summary>The private folder holding the staged bytes.</summary>
    public string Directory { get; }

    /// <summary>Files staged so far (a path staged twice counts once: the last content wins).</summary>
    public int FileCount => _files.Count;

    /// <summary>Bytes staged so far over all files.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Whether anything (a file or a deletion) is staged.</summary>
    public bool IsEmpty => _entries.Count == 0;

    /// <summary>
    /// Stages <paramref name="content"/> as the file <paramref name="path"/>, reading it to its end (into the repository's object store
    /// when there is one, else into the staging folder; a refused file keeps nothing). <paramref name="source"/> names the
    /// entry in messages (e.g. <c>site.zip!index.html</c>); <paramref name="onChunk"/> sees the running size of this file after each
    /// chunk and may throw (archive ratio checks). <paramref name="mode"/> is the mode an archive gives the entry; null (the default)
    /// keeps the mode of the file it replaces, a new file being regular. Throws a 400/413 <see cref="Problems.ProblemException"/> on a
    /// bad path or a broken limit.
    /// </summary>
    public async Task AddFileAsync(
        string path, Stream content, string? source = null, Action<long>? onChunk = null, RepoFileMode? mode = null,
        CancellationToken cancellationToken = default)
    {
        var normalized = NormalizePath(path, source);
        var label = source ?? normalized;
        var replaced = _files.TryGetValue(normalized, out var existingIndex);
        if (!replaced)
        {
            CheckFolderClash(normalized, label);
            if (_files.Count >= Limits.MaxFiles)
            {
                throw UploadProblems.TooManyFiles(Limits.MaxFiles);
            }
        }

        // The file's own limit first, then the upload's total, then the caller's check (archive ratios), before any byte is kept.
        await using var metered = new CountingReadStream(content, Limits.MaxFileBytes, () => UploadProblems.FileTooLarge(label, Limits.MaxFileBytes),
            leaveOpen: true, onRead: sizeSoFar =>
            {
                if (TotalBytes + sizeSoFar > Limits.MaxUnpackedBytes)
                {
                    throw UploadProblems.TotalTooLarge(label, Limits.MaxUnpackedBytes);
                }

                onChunk?.Invoke(sizeSoFar);
            });
        string? file = null;
        string? blob = null;
        if (_repository is not null)
        {
            blob = await _repository.WriteBlobAsync(metered, cancellationToken);
        }
        else
        {
            file = await StageAsync(metered, cancellationToken);
        }

        var size = metered.BytesRead;
        var staged = new Staged(StagedKind.File, normalized, file, blob, size, mode);
        TotalBytes += size;
        if (replaced)
        {
            var previous = _entries[existingIndex];
            TotalBytes -= previous.Size;
            if (previous.File is { } old)
            {
                File.Delete(old);
            }

            _entries[existingIndex] = staged;
            return;
        }

        _files[normalized] = _entries.Count;
        _entries.Add(staged);
        for (var slash = normalized.LastIndexOf('/'); slash > 0; slash = normalized.LastIndexOf('/', slash - 1))
        {
            _folders.Add(normalized[..slash]);
        }
    }

    /// <summary>Stages the deletion of one file.</summary>
    public void DeleteFile(string path, string? source = null) =>
        _entries.Add(new Staged(StagedKind.DeleteFile, NormalizePath(path, source), null, null, 0, null));

    /// <summary>Stages the deletion of a folder and everything below it.</summary>
    public void DeleteFolder(string path, string? source = null) =>
        _entries.Add(new Staged(StagedKind.DeleteFolder, NormalizePath(path, source), null, null, 0, null));

    /// <summary>A new, empty file path inside the staging folder, for raw bytes kept before they are unpacked (archives).</summary>
    public string NewScratchPath() => Path.Combine(Directory, $"{Interlocked.Increment(ref _scratch)}.part");

    /// <summary>
    /// The staged changes in the order they were given, ready for <see cref="CommitRequest"/>: <see cref="PutBlob"/>s naming the blobs
    /// already written into the repository, or (without one) <see cref="PutFile"/>s whose contents stream from disk.
    /// </summary>
    public IReadOnlyList<CommitOperation> Operations =>
    [
        .. _entries.Select<Staged, CommitOperation>(e => e.Kind switch
        {
            StagedKind.File when e.BlobId is { } blob => new PutBlob(e.Path, blob, e.Mode),
            StagedKind.File => new PutFile(e.Path, new StagedFileStream(e.File!, e.Size), e.Mode),
            StagedKind.DeleteFile => new DeleteFile(e.Path),
            _ => new DeleteFolder(e.Path),
        }),
    ];

    /// <summary>The staged file paths and sizes, in order (for answers and tests).</summary>
    public IReadOnlyList<(string Path, long Size)> Files =>
        [.. _entries.Where(e => e.Kind == StagedKind.File).Select(e => (e.Path, e.Size))];

    /// <summary>Deletes every staged byte.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    // Without a repository: the content goes to a new file of the staging folder, removed again when reading it fails.
    private async Task<string> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = NewScratchPath();
        try
        {
            await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await content.CopyToAsync(output, CopyChunk, cancellationToken);
        }
        catch
        {
            File.Delete(file);
            throw;
        }

        return file;
    }

    private static string NormalizePath(string path, string? source)
    {
        try
        {
            return RepoPaths.Normalize(path);
        }
        catch (InvalidRepoPathException invalid)
        {
            throw UploadProblems.BadPath(invalid, source);
        }
    }

    private void CheckFolderClash(string path, string label)
    {
        if (_folders.Contains(path))
        {
            throw UploadProblems.BadEntry(label, $"the upload also has a folder named '{path}'");
        }

        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (_files.ContainsKey(path[..slash]))
            {
                throw UploadProblems.BadEntry(label, $"the upload also has a file named '{path[..slash]}'");
            }
        }
    }

    private enum StagedKind
    {
        File,
        DeleteFile,
        DeleteFolder,
    }

    private sealed record Staged(StagedKind Kind, string Path, string? File, string? BlobId, long Size, RepoFileMode? Mode);
}
