using System.IO.Compression;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Zip: opened from the staged file (zip needs seeking); each entry's bytes are counted as they decompress. An entry made on Unix
/// with any execute bit becomes 100755, other Unix entries 100644; entries without Unix attributes keep a replaced file's mode.
/// </summary>
internal static class ZipUnpacker
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymlink = 0xA000;
    private const int UnixAnyExecute = 0x49; // 0o111: owner, group or others may execute

    public static async Task UnpackAsync(string archivePath, string archiveName, string? folder, UploadStaging staging, CancellationToken cancellationToken)
    {
        var limits = staging.Limits;
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        var archiveBytes = file.Length;
        // The central directory is read whole by ZipArchive: refuse absurd entry counts before it allocates them.
        if (ZipDirectory.EntryCount(file) is { } announced && announced > limits.MaxFiles * 2L)
        {
            throw UploadProblems.TooManyEntries(archiveName, (int)Math.Min(limits.MaxFiles * 2L, int.MaxValue));
        }

        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var budget = new ArchiveBudget(limits, archiveName, () => archiveBytes);
        foreach (var entry in zip.Entries)
        {
            budget.CountEntry();
            var label = $"{archiveName}:{entry.FullName}";
            var fileType = (entry.ExternalAttributes >> 16) & UnixFileTypeMask;
            if (fileType == UnixSymlink)
            {
                throw UploadProblems.BadEntry(label, "symbolic links are not allowed in archives");
            }

            var isFolder = entry.FullName.EndsWith('/') || fileType == UnixDirectory;
            if (fileType is not (0 or UnixRegularFile or UnixDirectory))
            {
                throw UploadProblems.BadEntry(label, "only files and folders are allowed in archives");
            }

            var path = ArchiveEntryPaths.Resolve(entry.FullName, folder, label);
            if (path is null || isFolder)
            {
                continue;
            }

            if (entry.IsEncrypted)
            {
                throw UploadProblems.BadEntry(label, "encrypted entries are not supported");
            }

            // The header's compressed size is only believed up to the bytes the archive really has.
            var compressed = Math.Min(entry.CompressedLength, archiveBytes);
            await using var content = new Crc32ReadStream(entry.Open());
            await staging.AddFileAsync(path, content, label, budget.Entry(label, () => compressed), ModeOf(entry), cancellationToken);
            if (content.Crc32 != entry.Crc32)
            {
                throw UploadProblems.BadEntry(label, "its data does not match its checksum (the archive is damaged)");
            }
        }
    }

    // A zip made on Unix keeps the file's mode in the high half of the external attributes; one made elsewhere has none there and
    // says nothing (null: a replaced file keeps its mode).
    private static RepoFileMode? ModeOf(ZipArchiveEntry entry)
    {
        var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
        return unixMode == 0 ? null : (unixMode & UnixAnyExecute) != 0 ? RepoFileMode.Executable : RepoFileMode.Regular;
    }
}
