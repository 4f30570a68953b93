namespace Spaces.Core.Configuration;

/// <summary>
/// The operations interface's environment variables (DESIGN.md) and the configuration keys they stand for.
/// </summary>
public static class SpacesEnvironment
{
    /// <summary>Default listening URL of the platform.</summary>
    public const string DefaultUrls = "http://localhost:5080";

    /// <summary>Environment variable name -> configuration key.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>
    {
        ["SPACES_DATA_DIR"] = $"{SpacesOptions.SectionName}:{nameof(SpacesOptions.DataDir)}",
        ["SPACES_DB"] = $"{SpacesOptions.SectionName}:{nameof(SpacesOptions.Database)}",
        ["SPACES_APPS_DOMAIN"] = $"{SpacesOptions.SectionName}:{nameof(SpacesOptions.AppsDomain)}",
        ["SPACES_URLS"] = "urls",
        ["DOCKER_HOST"] = "Spaces:Docker:Host",
    };

    /// <summary>
    /// Reads the variables that are set from <paramref name="environment"/> and returns them as configuration pairs.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Read(Func<string, string?> environment)
    {
        foreach (var (variable, key) in Keys)
        {
            var value = environment(variable);
            if (!string.IsNullOrEmpty(value))
            {
                yield return new(key, value);
            }
        }
    }
}
