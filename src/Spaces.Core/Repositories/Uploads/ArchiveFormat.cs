namespace Spaces.Core.Repositories.Uploads;

/// <summary>Archive formats an upload can unpack.</summary>
public enum ArchiveFormat
{
    /// <summary><c>.zip</c>.</summary>
    Zip,

    /// <summary><c>.tar.gz</c> or <c>.tgz</c>.</summary>
    TarGzip,

    /// <summary><c>.tar</c>.</summary>
    Tar,
}

/// <summary>Recognises archives by their file name.</summary>
public static class ArchiveFormats
{
    /// <summary>The format a file name announces, or null when it is not an archive we unpack.</summary>
    public static ArchiveFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }

        if (fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ArchiveFormat.Zip;
        }

        if (fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
        {
            return ArchiveFormat.TarGzip;
        }

        return fileName.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? ArchiveFormat.Tar : null;
    }
}
