using System.Formats.Tar;
using System.IO.Compression;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Tar (optionally gzipped): streamed entry by entry; compressed bytes are counted under the decompressor. Every tar entry has a
/// mode: a file with any execute bit becomes 100755, any other 100644 (also over an existing file).
/// </summary>
internal static class TarUnpacker
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task UnpackAsync(
        string archivePath, string archiveName, string? folder, bool gzip, UploadStaging staging, CancellationToken cancellationToken)
    {
        var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var counted = new CountingReadStream(file);
        await using Stream source = gzip ? new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true) : counted;
        await using var tar = new TarReader(source, leaveOpen: true);
        // A plain tar cannot expand: its ratio is at most 1.
        var budget = new ArchiveBudget(staging.Limits, archiveName, gzip ? () => counted.BytesRead : null);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            budget.CountEntry();
            var label = $"{archiveName}:{entry.Name}";
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    break;
                case TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes:
                    ArchiveEntryPaths.Resolve(entry.Name, folder, label);
                    continue;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw UploadProblems.BadEntry(label, "symbolic and hard links are not allowed in archives");
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    throw UploadProblems.BadEntry(label, "devices and FIFOs are not allowed in archives");
                default:
                    throw UploadProblems.BadEntry(label, $"tar entries of type {entry.EntryType} are not supported");
            }

            var path = ArchiveEntryPaths.Resolve(entry.Name, folder, label);
            if (path is null)
            {
                continue;
            }

            var start = counted.BytesRead;
            Func<long>? entryCompressed = gzip ? () => counted.BytesRead - start : null;
            await staging.AddFileAsync(path, entry.DataStream ?? Stream.Null, label, budget.Entry(label, entryCompressed),
                (entry.Mode & AnyExecute) != 0 ? RepoFileMode.Executable : RepoFileMode.Regular, cancellationToken);
        }
    }
}
