namespace Spaces.Core.Config;

/// <summary>How a Space is built, from the <c>sdk</c> key (written in lower case in README.md).</summary>
public enum SpaceSdk
{
    /// <summary><c>docker</c>: the repo's <c>Dockerfile</c> at its root is built as is.</summary>
    Docker,

    /// <summary><c>blazor</c>: the repo holds a .csproj (a Blazor or any ASP.NET Core app); the platform writes the Dockerfile.</summary>
    Blazor,

    /// <summary><c>static</c>: the files are served as they are, <c>app_file</c> (default <c>index.html</c>) being the entry page.</summary>
    Static,
}
