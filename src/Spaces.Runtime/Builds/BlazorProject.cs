using System.Xml;
using System.Xml.Linq;

namespace Spaces.Runtime.Builds;

/// <summary>The project a blazor Space is published from: its path in the repository and the assembly it produces.</summary>
/// <param name="Path">The .csproj, relative to the repository root, '/'-separated.</param>
/// <param name="AssemblyName">The <c>AssemblyName</c> the project sets, else its file name: the app runs as <c>dotnet {AssemblyName}.dll</c>.</param>
internal sealed record BlazorProject(string Path, string AssemblyName)
{
    /// <summary>
    /// Chooses the project: <paramref name="appFile"/> when the config names one, else the single .csproj at the root (or, with none
    /// there, the single one in the repository). Returns null with <paramref name="error"/> set when there is none or a choice to make.
    /// </summary>
    public static string? Choose(IReadOnlyCollection<string> files, string? appFile, out string? error)
    {
        error = null;
        var projects = files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (appFile is not null)
        {
            if (!appFile.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                error = $"app_file '{appFile}' must name the .csproj of the app for the blazor sdk.";
                return null;
            }

            if (!projects.Contains(appFile, StringComparer.Ordinal))
            {
                error = $"app_file '{appFile}' is not in the repository.";
                return null;
            }

            return appFile;
        }

        var atRoot = projects.Where(p => !p.Contains('/', StringComparison.Ordinal)).ToList();
        var candidates = atRoot.Count > 0 ? atRoot : projects;
        switch (candidates.Count)
        {
            case 1:
                return candidates[0];
            case 0:
                error = "The blazor sdk needs a .csproj in the repository.";
                return null;
            default:
                error = $"The repository holds several projects ({string.Join(", ", candidates.Take(5))}): " +
                    "set app_file in README.md to the .csproj to publish.";
                return null;
        }
    }

    /// <summary>Reads the project file's <c>AssemblyName</c> (a literal one; anything computed falls back to the file name).</summary>
    public static BlazorProject Read(string path, string projectXml)
    {
        var fallback = System.IO.Path.GetFileNameWithoutExtension(path);
        try
        {
            var document = XDocument.Parse(projectXml);
            var name = document.Descendants()
                .Where(e => e.Name.LocalName == "AssemblyName")
                .Select(e => e.Value.Trim())
                .LastOrDefault(value => value.Length > 0);
            return new BlazorProject(path, name is null || name.Contains("$(", StringComparison.Ordinal) || !IsSafeName(name) ? fallback : name);
        }
        catch (XmlException)
        {
            // dotnet publish reports the broken project itself, with its position.
            return new BlazorProject(path, fallback);
        }
    }

    private static bool IsSafeName(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
