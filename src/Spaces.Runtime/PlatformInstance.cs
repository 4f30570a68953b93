using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;

namespace Spaces.Runtime;

/// <summary>The id that marks what this platform creates in the engine (see <see cref="SpaceResources"/>).</summary>
public static partial class PlatformInstance
{
    /// <summary>File in the data directory that keeps the generated id.</summary>
    public const string FileName = "instance-id";

    /// <summary>
    /// The configured id when given (checked), else the one kept in <paramref name="dataDir"/>, created there on first use.
    /// </summary>
    public static string Resolve(string? configured, string dataDir)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return IdPattern().IsMatch(configured)
                ? configured
                : throw new InvalidOperationException($"Spaces:Runtime:Instance '{configured}' must be 1 to 12 lower-case letters or digits.");
        }

        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is var kept && IdPattern().IsMatch(kept))
        {
            return kept;
        }

        Directory.CreateDirectory(dataDir);
        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        File.WriteAllText(path, created + "\n");
        return created;
    }

    /// <summary>Registers <see cref="SpaceResources"/> for this platform's instance (configured, or kept in the data directory).</summary>
    public static IServiceCollection AddSpaceResources(this IServiceCollection services)
    {
        services.AddOptions<RuntimeOptions>();
        services.TryAddSingleton(sp => new SpaceResources(Resolve(
            sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.Instance,
            sp.GetRequiredService<IOptions<SpacesOptions>>().Value.DataDirFullPath)));
        return services;
    }

    [GeneratedRegex("^[a-z0-9]{1,12}$")]
    private static partial Regex IdPattern();
}
