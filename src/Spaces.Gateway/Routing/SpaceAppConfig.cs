using Spaces.Core.Config;

namespace Spaces.Gateway.Routing;

/// <summary>What the gateway needs from a Space's config at one revision.</summary>
/// <param name="IsStatic">Whether the revision is a static Space (files served from git).</param>
/// <param name="AppFile">The static Space's entry page (<c>app_file</c>), relative to the repo root; default <c>index.html</c>.</param>
/// <param name="Headers">The <c>custom_headers</c> to add to every response.</param>
/// <param name="DisableEmbedding">Whether no site may frame the app (<c>disable_embedding</c>).</param>
internal sealed record SpaceAppConfig(bool IsStatic, string AppFile, IReadOnlyList<KeyValuePair<string, string>> Headers, bool DisableEmbedding)
{
    /// <summary>The default entry page of a static Space.</summary>
    public const string DefaultAppFile = "index.html";

    /// <summary>What a revision whose config cannot be read gives: no extra headers, embeddable by the platform, not static.</summary>
    public static SpaceAppConfig Default { get; } = new(false, DefaultAppFile, [], false);

    /// <summary>Reads the settings from a README.md's text (null when there is none); config errors give <see cref="Default"/>.</summary>
    public static SpaceAppConfig FromReadme(string? readme, string repoName)
    {
        if (SpaceConfig.Parse(readme, repoName).Config is not { } config)
        {
            return Default;
        }

        return new SpaceAppConfig(
            config.Sdk == SpaceSdk.Static,
            string.IsNullOrEmpty(config.AppFile) ? DefaultAppFile : config.AppFile,
            config.CustomHeaders.ToHeaders(),
            config.DisableEmbedding);
    }
}
