using System.Text.RegularExpressions;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Recognises a restore that failed because packages could not be reached (NU1101/NU1102/NU1103 name them; NU1301 says a source
/// is unreachable) and says so in one sentence a Space author can act on.
/// </summary>
internal static partial class NuGetRestoreFailure
{
    /// <summary>The packages named as missing in the build output, in order of first mention, and whether a source was unreachable.</summary>
    public static (IReadOnlyList<string> Packages, bool SourceUnreachable) Find(string output)
    {
        var packages = new List<string>();
        foreach (Match match in MissingPackage().Matches(output))
        {
            var id = match.Groups["id"].Value;
            if (!packages.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                packages.Add(id);
            }
        }

        return (packages, output.Contains("error NU1301", StringComparison.Ordinal));
    }

    /// <summary>
    /// The BUILD_ERROR message for a restore that could not get its packages, or null when the output shows no such failure.
    /// </summary>
    /// <param name="output">The build output.</param>
    /// <param name="step">The failing step as the engine printed it.</param>
    /// <param name="offline">Builds run without network.</param>
    public static string? Describe(string output, string? step, bool offline)
    {
        var (packages, unreachable) = Find(output);
        if (packages.Count == 0 && !unreachable)
        {
            return null;
        }

        var what = packages.Count switch
        {
            0 => "NuGet packages",
            1 => $"the NuGet package {packages[0]}",
            _ => $"the NuGet packages {string.Join(", ", packages)}",
        };
        var why = offline ? "which the builder cannot reach (builds run without network)" : "which the builder cannot find in its package sources";
        var message = $"The build needs {what}, {why}.";
        return step is null ? message : $"{message} Failed at {step}";
    }

    [GeneratedRegex(@"error NU110[123]: Unable to find package (?<id>[A-Za-z0-9_][A-Za-z0-9_.\-]*?)\.?(?=\s|$)", RegexOptions.Multiline)]
    private static partial Regex MissingPackage();
}
