namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Unpacks a staged .zip, .tar.gz/.tgz or .tar into an <see cref="UploadStaging"/>, entry by entry, within its limits:
/// unsafe names (absolute, <c>..</c>, <c>.git</c>), links and devices are refused with a 400; too many, too large or too
/// compressible entries with a 413. Nothing is committed here: a refusal leaves the staging to be thrown away.
/// </summary>
public static class ArchiveUnpacker
{
    /// <summary>
    /// Unpacks the archive at <paramref name="archivePath"/> (named <paramref name="archiveName"/> in messages) below
    /// <paramref name="targetFolder"/> (the repository root when null or empty).
    /// </summary>
    public static async Task UnpackAsync(
        string archivePath, ArchiveFormat format, string archiveName, string? targetFolder, UploadStaging staging,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staging);
        var folder = string.IsNullOrEmpty(targetFolder) ? null : RepoPaths.Normalize(targetFolder);
        try
        {
            switch (format)
            {
                case ArchiveFormat.Zip:
                    await ZipUnpacker.UnpackAsync(archivePath, archiveName, folder, staging, cancellationToken);
                    break;
                case ArchiveFormat.TarGzip:
                    await TarUnpacker.UnpackAsync(archivePath, archiveName, folder, gzip: true, staging, cancellationToken);
                    break;
                default:
                    await TarUnpacker.UnpackAsync(archivePath, archiveName, folder, gzip: false, staging, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw UploadProblems.BadEntry(archiveName, $"it is not a readable {Describe(format)} archive ({ex.Message.TrimEnd('.')})");
        }
    }

    private static string Describe(ArchiveFormat format) => format switch
    {
        ArchiveFormat.Zip => "zip",
        ArchiveFormat.TarGzip => "tar.gz",
        _ => "tar",
    };
}
