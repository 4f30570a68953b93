namespace Spaces.Core.Configuration;

/// <summary>
/// Platform-wide settings, bound from the <c>Spaces</c> configuration section and the <c>SPACES_*</c> environment variables.
/// </summary>
public sealed class SpacesOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Spaces";

    /// <summary>Where repositories, blobs, logs and the SQLite file live. Default <c>./data</c> (relative to the working directory).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Empty for SQLite in <see cref="DataDir"/>; otherwise an Npgsql connection string for PostgreSQL.</summary>
    public string? Database { get; set; }

    /// <summary>The parent domain of every Space's own origin, <c>{owner}--{name}.{AppsDomain}</c>. Default <c>spaces.localhost</c>.</summary>
    public string AppsDomain { get; set; } = "spaces.localhost";

    /// <summary>The data directory as a full path.</summary>
    public string DataDirFullPath => Path.GetFullPath(DataDir);
}
