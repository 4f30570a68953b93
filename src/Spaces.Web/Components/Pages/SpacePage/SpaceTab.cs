namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>The sections of the Space page, one per sub-route.</summary>
public enum SpaceTab
{
    /// <summary>The app in a frame (<c>/spaces/o/n</c>).</summary>
    App,

    /// <summary>Files at a revision (<c>/files/{rev}/{path}</c>).</summary>
    Files,

    /// <summary>Editing one file (<c>/edit/main/{path}</c>).</summary>
    Edit,

    /// <summary>Deleting one file, after a confirmation (<c>/delete/main/{path}</c>).</summary>
    Delete,

    /// <summary>Renaming or moving one file (<c>/rename/main/{path}</c>).</summary>
    Rename,

    /// <summary>History (<c>/commits</c>).</summary>
    Commits,

    /// <summary>Build and container logs (<c>/logs</c>).</summary>
    Logs,

    /// <summary>Owner settings (<c>/settings</c>).</summary>
    Settings,
}
