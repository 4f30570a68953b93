namespace Spaces.E2E.Infrastructure;

/// <summary>Where browser tests leave what a person should look at: screenshots under <c>artifacts/screenshots</c> (git ignores it).</summary>
public static class Artifacts
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var configured = Environment.GetEnvironmentVariable("SPACES_E2E_ARTIFACTS");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spaces.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "artifacts");
    });

    /// <summary>The screenshot folder, created on first use.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(Root.Value, "screenshots")).FullName;

    /// <summary>The path of a screenshot named <paramref name="name"/> (letters, digits and dashes; <c>.png</c> added).</summary>
    public static string Screenshot(string name) => Path.Combine(Screenshots, name + ".png");
}
