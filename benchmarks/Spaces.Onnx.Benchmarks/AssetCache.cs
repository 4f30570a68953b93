namespace Spaces.Onnx.Benchmarks;

/// <summary>Files in the asset cache ($SPACES_ASSETS_DIR, else .cache/assets above the binary), fetched by scripts/lib/prepare.sh.</summary>
internal static class AssetCache
{
    public static string Directory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".cache", "assets");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("No asset cache: set SPACES_ASSETS_DIR or run scripts/bench-onnx, which fetches the assets.");
        }
    }

    public static string File(params string[] parts)
    {
        var path = Path.Combine([Directory, .. parts]);
        return System.IO.File.Exists(path) || System.IO.Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing; scripts/bench-onnx fetches it (scripts/lib/prepare.sh, prepare_assets).");
    }
}
