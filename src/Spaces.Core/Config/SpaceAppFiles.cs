namespace Spaces.Core.Config;

/// <summary>Checks that the app a Space's sdk needs is in the repo; what is missing makes the Space <c>NO_APP_FILE</c>.</summary>
internal static class SpaceAppFiles
{
    /// <summary>The file a <c>docker</c> Space is built from, at the repo root.</summary>
    public const string Dockerfile = "Dockerfile";

    /// <summary>The entry page of a <c>static</c> Space without <c>app_file</c>.</summary>
    public const string DefaultStaticPage = "index.html";

    public static void Check(SpaceConfig config, IReadOnlyCollection<string> repoFiles, List<ConfigError> errors)
    {
        var files = repoFiles.Select(path => path.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        switch (config.Sdk)
        {
            case SpaceSdk.Docker when !files.Contains(Dockerfile):
                errors.Add(new ConfigError("sdk", $"docker needs a {Dockerfile} at the root of the repository"));
                break;
            case SpaceSdk.Blazor when config.AppFile is null && !files.Any(path => path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)):
                errors.Add(new ConfigError("sdk", "blazor needs a .csproj file in the repository"));
                break;
            case SpaceSdk.Blazor or SpaceSdk.Static when config.AppFile is not null && !files.Contains(config.AppFile):
                errors.Add(new ConfigError("app_file", $"'{ConfigRules.Shorten(config.AppFile)}' is not in the repository"));
                break;
            case SpaceSdk.Static when config.AppFile is null && !files.Contains(DefaultStaticPage):
                errors.Add(new ConfigError("sdk", $"static needs an {DefaultStaticPage} at the root of the repository, or app_file naming the entry page"));
                break;
        }
    }
}
