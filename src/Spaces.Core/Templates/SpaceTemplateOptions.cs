namespace Spaces.Core.Templates;

/// <summary>Where "New Space" finds its templates, bound from <c>Spaces:Templates</c>.</summary>
public sealed class SpaceTemplateOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Spaces:Templates";

    /// <summary>
    /// The folder holding one sub-folder per template. Default <c>templates</c> next to the application (the build copies the
    /// repository's <c>templates/</c> there); a relative path is taken from the application's folder.
    /// </summary>
    public string Directory { get; set; } = "templates";

    /// <summary>The folder as a full path.</summary>
    public string FullPath => Path.GetFullPath(Directory, AppContext.BaseDirectory);
}
