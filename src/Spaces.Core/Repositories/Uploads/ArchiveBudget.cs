namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Keeps one archive inside its bounds while it unpacks: the number of entries, and the ratio of bytes actually decompressed to
/// compressed bytes actually present (per entry and for the whole archive). Sizes announced in headers are never trusted.
/// </summary>
internal sealed class ArchiveBudget(UploadLimits limits, string archive, Func<long>? compressedSoFar)
{
    private long _unpacked;
    private int _entries;

    /// <summary>Counts an entry of any kind (files, folders, skipped junk) so an archive of endless empty entries stops early.</summary>
    public void CountEntry()
    {
        // Folders and skipped entries count too; twice the file limit leaves room for a folder per file.
        var maxEntries = limits.MaxFiles * 2L;
        if (++_entries > maxEntries)
        {
            throw UploadProblems.TooManyEntries(archive, (int)Math.Min(maxEntries, int.MaxValue));
        }
    }

    /// <summary>
    /// The per-chunk check for one entry: <paramref name="entryCompressed"/> gives the compressed bytes the entry may be made of
    /// (null when unknown), <see cref="UploadStaging.AddFileAsync"/> reports the running decompressed size.
    /// </summary>
    public Action<long> Entry(string label, Func<long>? entryCompressed)
    {
        long seen = 0;
        return size =>
        {
            _unpacked += size - seen;
            seen = size;
            if (entryCompressed is not null && size > limits.RatioGraceBytes && size > limits.MaxCompressionRatio * Math.Max(1, entryCompressed()))
            {
                throw UploadProblems.RatioTooHigh(label, limits.MaxCompressionRatio);
            }

            if (compressedSoFar is not null && _unpacked > limits.RatioGraceBytes
                && _unpacked > limits.MaxCompressionRatio * Math.Max(1, compressedSoFar()))
            {
                throw UploadProblems.RatioTooHigh(archive, limits.MaxCompressionRatio);
            }
        };
    }
}
