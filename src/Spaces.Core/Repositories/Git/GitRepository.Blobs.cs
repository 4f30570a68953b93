using System.Text;

namespace Spaces.Core.Repositories.Git;

/// <summary>Writing file contents into the object store: ahead of a commit (<see cref="WriteBlobAsync"/>) or while making one.</summary>
public sealed partial class GitRepository
{
    /// <summary>
    /// Writes <paramref name="content"/>, read to its end, into the object store as a blob and returns its id, committing nothing:
    /// until a <see cref="PutBlob"/> names it the blob is unreferenced (git gc prunes it). Uploads stream into this as they arrive,
    /// so their bytes are written once. When reading <paramref name="content"/> throws (a limit, a request cut off), git is stopped
    /// before it has seen the end of its input, so no object is written, and the exception propagates.
    /// </summary>
    public async Task<string> WriteBlobAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return (await _git.RunTextAsync(["hash-object", "-w", "--stdin"], cancellationToken, stdin: content)).Trim();
    }

    // Writes the blobs of the puts that carry their content: files already on disk in one git process (--stdin-paths),
    // the others one stream each.
    private async Task<Dictionary<PutFile, string>> HashBlobsAsync(IReadOnlyList<PutFile> puts, CancellationToken cancellationToken)
    {
        var blobs = new Dictionary<PutFile, string>(ReferenceEqualityComparer.Instance);
        var onDisk = puts.Where(p => p.Content is FileStream { Position: 0 }).Distinct(ReferenceEqualityComparer.Instance).Cast<PutFile>().ToList();
        if (onDisk.Count > 0)
        {
            var paths = string.Concat(onDisk.Select(p => ((FileStream)p.Content).Name + "\n"));
            var ids = (await _git.RunTextAsync(["hash-object", "-w", "--no-filters", "--stdin-paths"], cancellationToken,
                stdin: new MemoryStream(Encoding.UTF8.GetBytes(paths)))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < onDisk.Count; i++)
            {
                blobs[onDisk[i]] = ids[i];
            }
        }

        foreach (var put in puts.Where(p => !blobs.ContainsKey(p)))
        {
            blobs[put] = await WriteBlobAsync(put.Content, cancellationToken);
        }

        return blobs;
    }

    // A commit naming a blob written earlier must find it, as a blob, in this repository (one git process for all of them).
    private async Task RequireBlobsAsync(IReadOnlyList<PutBlob> puts, CancellationToken cancellationToken)
    {
        if (puts.Count == 0)
        {
            return;
        }

        var query = string.Concat(puts.Select(p => p.BlobId + "\n"));
        var answers = (await _git.RunTextAsync(["cat-file", "--batch-check=%(objectname) %(objecttype)"], cancellationToken,
            stdin: new MemoryStream(Encoding.ASCII.GetBytes(query)))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < puts.Count; i++)
        {
            if (i >= answers.Length || !answers[i].EndsWith(" blob", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{puts[i].BlobId} (for '{puts[i].Path}') is not a blob of this repository.", nameof(puts));
            }
        }
    }

    // Blob ids a commit records: full SHA-1 or SHA-256 ids, nothing else (they go into git's line-based index input).
    private static bool IsFullObjectId(string value) => value.Length is 40 or 64 && value.All(char.IsAsciiHexDigit);
}
