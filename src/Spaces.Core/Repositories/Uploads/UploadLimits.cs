namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// Bounds on what one upload (multipart, archive or NDJSON commit) may put into a repository; enforced while the bytes stream in,
/// so nothing past a limit is ever held or written. Bound from the <c>Spaces:Uploads</c> configuration section.
/// </summary>
public sealed class UploadLimits
{
    /// <summary>The configuration section these limits bind from.</summary>
    public const string SectionName = "Spaces:Uploads";

    private const long MiB = 1024 * 1024;

    /// <summary>Largest single file, in bytes (also each file inside an archive). Default 512 MiB.</summary>
    public long MaxFileBytes { get; set; } = 512 * MiB;

    /// <summary>Largest request body, in bytes. Default 5 GiB.</summary>
    public long MaxRequestBytes { get; set; } = 5 * 1024 * MiB;

    /// <summary>Largest repository: the files at the head after a commit, in bytes. Default 5 GiB.</summary>
    public long MaxRepoBytes { get; set; } = 5 * 1024 * MiB;

    /// <summary>Most files one commit may add. Default 10,000.</summary>
    public int MaxFiles { get; set; } = 10_000;

    /// <summary>Most bytes one upload may add in total, archives counted unpacked. Default 5 GiB.</summary>
    public long MaxUnpackedBytes { get; set; } = 5 * 1024 * MiB;

    /// <summary>Highest decompressed-to-compressed ratio, per archive entry and per archive. Default 100 (100:1).</summary>
    public double MaxCompressionRatio { get; set; } = 100;

    /// <summary>
    /// Bytes an entry (or an archive) may unpack to before the ratio applies, so small, very compressible files (a page of zeros)
    /// are not refused. Default 1 MiB.
    /// </summary>
    public long RatioGraceBytes { get; set; } = MiB;

    /// <summary>Longest NDJSON line (or JSON commit body): a base64 file of <see cref="MaxFileBytes"/> plus room for the rest.</summary>
    public long MaxLineBytes => (MaxFileBytes + 2) / 3 * 4 + 64 * 1024;

    /// <summary>Problems with the configured values, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> problems = [];
        if (MaxFileBytes <= 0)
        {
            problems.Add($"{SectionName}:MaxFileBytes must be positive.");
        }

        if (MaxRequestBytes <= 0)
        {
            problems.Add($"{SectionName}:MaxRequestBytes must be positive.");
        }

        if (MaxRepoBytes <= 0)
        {
            problems.Add($"{SectionName}:MaxRepoBytes must be positive.");
        }

        if (MaxFiles <= 0)
        {
            problems.Add($"{SectionName}:MaxFiles must be positive.");
        }

        if (MaxUnpackedBytes <= 0)
        {
            problems.Add($"{SectionName}:MaxUnpackedBytes must be positive.");
        }

        if (!(MaxCompressionRatio >= 1))
        {
            problems.Add($"{SectionName}:MaxCompressionRatio must be at least 1.");
        }

        if (RatioGraceBytes < 0)
        {
            problems.Add($"{SectionName}:RatioGraceBytes cannot be negative.");
        }

        return problems;
    }

    /// <summary>A byte count for messages: "100 MiB", "512 KiB", "17 bytes".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * MiB when bytes % (1024 * MiB) == 0 => $"{bytes / (1024 * MiB)} GiB",
        >= MiB when bytes % MiB == 0 => $"{bytes / MiB} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
