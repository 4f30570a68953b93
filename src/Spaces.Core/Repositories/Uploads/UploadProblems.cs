using System.Globalization;
using Spaces.Core.Problems;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>The refusals an upload can end in, each naming the entry at fault and the limit it broke.</summary>
internal static class UploadProblems
{
    public static ProblemException FileTooLarge(string entry, long limit) =>
        new(ProblemKind.TooLarge, $"'{entry}' is larger than the limit of {UploadLimits.Describe(limit)} per file.", "files");

    public static ProblemException TooManyFiles(int limit) =>
        new(ProblemKind.TooLarge, $"The upload has more than {limit.ToString(CultureInfo.InvariantCulture)} files, the limit per commit.", "files");

    public static ProblemException TooManyEntries(string archive, int limit) =>
        new(ProblemKind.TooLarge,
            $"Archive '{archive}' has more than {limit.ToString(CultureInfo.InvariantCulture)} entries, more than a commit may hold.", "files");

    public static ProblemException TotalTooLarge(string entry, long limit) =>
        new(ProblemKind.TooLarge,
            $"The upload unpacks to more than {UploadLimits.Describe(limit)} in total (reached at '{entry}').", "files");

    public static ProblemException RatioTooHigh(string entry, double ratio) =>
        new(ProblemKind.TooLarge,
            $"'{entry}' expands more than {ratio.ToString(CultureInfo.InvariantCulture)}:1 when unpacked (a zip bomb?); it was refused.", "files");

    public static ProblemException BadEntry(string entry, string reason) =>
        ProblemException.Invalid("files", $"'{entry}' cannot be uploaded: {reason}.");

    public static ProblemException BadPath(InvalidRepoPathException invalid, string? source) =>
        ProblemException.Invalid("files", source is null ? invalid.Message : $"{invalid.Message.TrimEnd('.')} (in '{source}').");
}
