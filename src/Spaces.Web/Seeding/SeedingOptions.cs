namespace Spaces.Web.Seeding;

/// <summary>The example organization seeded on start, bound from <c>Spaces:Seeding</c>.</summary>
public sealed class SeedingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Spaces:Seeding";

    /// <summary>Whether the platform seeds the examples on start. Default true; an operator turns it off with <c>Spaces:Seeding:Enabled=false</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The organization that owns the example models and Spaces. Default <c>examples</c>.</summary>
    public string Organization { get; set; } = "examples";

    /// <summary>The account (without password) that creates them and authors their commits. Default <c>examples-bot</c>.</summary>
    public string User { get; set; } = "examples-bot";

    /// <summary>
    /// The folder of the example Spaces, one sub-folder each. Default <c>spaces</c> next to the application (the build copies the
    /// repository's <c>spaces/</c> there); a relative path is taken from the application's folder.
    /// </summary>
    public string SpacesDirectory { get; set; } = "spaces";

    /// <summary>
    /// The folder of the example models, one sub-folder each (its model card, and the model files the build copies from the assets).
    /// Default <c>Seeding/Models</c> next to the application.
    /// </summary>
    public string ModelsDirectory { get; set; } = "Seeding/Models";

    internal static string FullPath(string directory) => Path.GetFullPath(directory, AppContext.BaseDirectory);
}
