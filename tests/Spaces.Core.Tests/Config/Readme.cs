namespace Spaces.Core.Tests.Config;

/// <summary>Builds README.md texts for tests.</summary>
internal static class Readme
{
    public const string RepoName = "alice/ocr-demo";

    /// <summary>A README whose front matter is the given lines, followed by a short body.</summary>
    public static string With(params string[] lines) => $"---\n{string.Join('\n', lines)}\n---\n# Demo\n";

    /// <summary>A docker Space's README with the given extra lines.</summary>
    public static string Docker(params string[] lines) => With(["sdk: docker", .. lines]);
}
