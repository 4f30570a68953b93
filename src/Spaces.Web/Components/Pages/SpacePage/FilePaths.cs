namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>Repository paths in URLs: each segment escaped, the slashes kept.</summary>
public static class FilePaths
{
    /// <summary><c>a b/c.txt</c> becomes <c>a%20b/c.txt</c>.</summary>
    public static string Escape(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
}
