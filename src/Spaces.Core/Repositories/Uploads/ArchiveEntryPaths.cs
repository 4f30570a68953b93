namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Where an archive entry lands in the repository. Paths are kept as they are in the archive (a single common top folder is
/// not stripped), below the upload's target folder; a leading "./" is dropped and macOS resource forks (<c>__MACOSX/</c>) are skipped.
/// </summary>
internal static class ArchiveEntryPaths
{
    /// <summary>The repository path of an entry, or null when the entry is junk to skip. Throws a 400 for unsafe names.</summary>
    public static string? Resolve(string entryName, string? targetFolder, string label)
    {
        var name = entryName;
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        if (name.Length == 0 || name == ".")
        {
            return null;
        }

        string normalized;
        try
        {
            normalized = RepoPaths.Normalize(name);
        }
        catch (InvalidRepoPathException invalid)
        {
            throw UploadProblems.BadEntry(label, invalid.Reason);
        }

        if (normalized == "__MACOSX" || normalized.StartsWith("__MACOSX/", StringComparison.Ordinal))
        {
            return null;
        }

        return string.IsNullOrEmpty(targetFolder) ? normalized : targetFolder + "/" + normalized;
    }
}
