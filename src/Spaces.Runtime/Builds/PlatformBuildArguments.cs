using System.Text.RegularExpressions;

namespace Spaces.Runtime.Builds;

/// <summary>
/// Build arguments the platform fills in for a docker Space's Dockerfile: the images it is configured with, so a Dockerfile can build
/// from the same images offline here and from Microsoft's on a connected host. Only arguments the Dockerfile declares (<c>ARG</c>) are
/// passed, so the engine does not warn about unused ones. The Space's own variables win over these.
/// </summary>
internal static partial class PlatformBuildArguments
{
    /// <summary>The .NET SDK image (<see cref="RuntimeOptions.SdkImage"/>).</summary>
    public const string SdkImage = "SPACES_SDK_IMAGE";

    /// <summary>The ASP.NET Core runtime image (<see cref="RuntimeOptions.AspNetImage"/>).</summary>
    public const string AspNetImage = "SPACES_ASPNET_IMAGE";

    /// <summary>The base image (<see cref="RuntimeOptions.BaseImage"/>).</summary>
    public const string BaseImage = "SPACES_BASE_IMAGE";

    /// <summary>The platform's arguments the Dockerfile text declares, with their values.</summary>
    public static Dictionary<string, string> For(string dockerfile, RuntimeOptions options)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SdkImage] = options.SdkImage,
            [AspNetImage] = options.AspNetImage,
            [BaseImage] = options.BaseImage,
        };
        var declared = DeclaredArgument().Matches(dockerfile).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return values.Where(v => declared.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\s*ARG\s+(SPACES_[A-Z_]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredArgument();
}
