namespace BlazorOnnx.Models;

/// <summary>The model files mounted for this Space: every <c>.onnx</c> file under <see cref="Root"/> (default <c>/models</c>).</summary>
public sealed class ModelFolder(string root)
{
    /// <summary>Where the platform mounts the repositories named under <c>models:</c>, as <c>{owner}/{name}/</c>.</summary>
    public string Root { get; } = root;

    /// <summary>The <c>.onnx</c> files found at start-up, by path.</summary>
    public IReadOnlyList<ModelFile> Files { get; } = Directory.Exists(root)
        ? [.. Directory.EnumerateFiles(root, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => new ModelFile(Path.GetRelativePath(root, path), path, new FileInfo(path).Length))]
        : [];

    /// <summary>The folder from <c>MODELS_DIR</c>, else <c>/models</c>.</summary>
    public static ModelFolder FromEnvironment() => new(Environment.GetEnvironmentVariable("MODELS_DIR") is { Length: > 0 } dir ? dir : "/models");
}

/// <summary>One model file: its name under the models folder, full path and size.</summary>
public sealed record ModelFile(string Name, string Path, long Size)
{
    /// <summary>The size for people.</summary>
    public string SizeText => Size >= 1 << 20 ? $"{Size / (1024.0 * 1024):0.0} MB" : $"{Size / 1024.0:0.0} KB";
}
