using System.Text.RegularExpressions;
using Spaces.Core.Config;
using Spaces.Docker;

namespace Spaces.Runtime.Builds;

/// <summary>What BUILD_ERROR says about a failed image build: the failing step and the engine's message, plus what the tools reported.</summary>
internal static partial class BuildFailureMessage
{
    /// <summary>Compiler and MSBuild error lines quoted at most (the whole output is in the build log).</summary>
    public const int MaxQuotedErrors = 5;

    public static string Describe(DockerBuildException failure, SpaceSdk sdk, bool offline)
    {
        if (sdk != SpaceSdk.Blazor)
        {
            return failure.Message;
        }

        if (NuGetRestoreFailure.Describe(failure.Output, failure.Step, offline) is { } restore)
        {
            return restore;
        }

        // "dotnet publish ... returned a non-zero code: 1" says nothing: quote the errors it printed.
        var errors = DotnetError().Matches(failure.Output).Select(m => m.Value.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return errors.Count == 0
            ? failure.Message
            : failure.Message + "\n" + string.Join('\n', errors.TakeLast(MaxQuotedErrors));
    }

    [GeneratedRegex(@"^.*: error [A-Z]+[0-9]+: .*$", RegexOptions.Multiline)]
    private static partial Regex DotnetError();
}
