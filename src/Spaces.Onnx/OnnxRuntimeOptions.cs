namespace Spaces.Onnx;

/// <summary>Where <see cref="OrtRuntime.Load(OnnxRuntimeOptions?)"/> finds the native library (bound from configuration <c>Spaces:Onnx</c>).</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>Configuration section these options are bound from.</summary>
    public const string SectionName = "Spaces:Onnx";

    /// <summary>Environment variable naming the native library file, tried after <see cref="NativeLibraryPath"/>.</summary>
    public const string EnvironmentVariable = "SPACES_ONNXRUNTIME";

    /// <summary>
    /// Full path of <c>libonnxruntime.so.1</c>, tried first. Default <c>null</c>: the <c>SPACES_ONNXRUNTIME</c> environment variable,
    /// then the default native probing (a NuGet package's <c>runtimes/</c> folder), then the asset cache
    /// (<c>$SPACES_ASSETS_DIR</c>, then <c>.cache/assets</c> above the application's folder).
    /// </summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>Severity from which ORT logs to stderr (0 verbose .. 4 fatal). Default 3 (errors).</summary>
    public int LogSeverityLevel { get; set; } = 3;
}
