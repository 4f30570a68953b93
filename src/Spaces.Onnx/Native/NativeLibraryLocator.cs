using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Spaces.Onnx.Native;

/// <summary>
/// Finds and loads <c>libonnxruntime</c>, trying in order: the configured path, <c>SPACES_ONNXRUNTIME</c>, the default native probing
/// (a NuGet package's <c>runtimes/{rid}/native/</c> folder or the system's library path), <c>$SPACES_ASSETS_DIR/onnxruntime-node/...</c>,
/// then <c>.cache/assets/onnxruntime-node/...</c> in the application folder and each folder above it.
/// When nothing loads, one exception lists every place tried and why it failed.
/// </summary>
internal sealed class NativeLibraryLocator
{
    /// <summary>The library inside an unpacked <c>onnxruntime-node</c> npm package (the asset cache holds one).</summary>
    public static readonly string NpmPackageRelativePath = Path.Combine("bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");

    private readonly Func<string, string?> _environment;
    private readonly string _baseDirectory;
    private readonly Assembly _assembly;
    private readonly bool _useDefaultProbing;

    public NativeLibraryLocator(
        Func<string, string?>? environment = null, string? baseDirectory = null, Assembly? assembly = null, bool useDefaultProbing = true)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _baseDirectory = baseDirectory ?? AppContext.BaseDirectory;
        _assembly = assembly ?? typeof(NativeLibraryLocator).Assembly;
        _useDefaultProbing = useDefaultProbing;
    }

    /// <summary>Loads the first library that works and reads its API table.</summary>
    /// <exception cref="OnnxException">No candidate loaded; the message lists each one and why.</exception>
    public (OrtApi Api, string Location) Load(string? configuredPath)
    {
        var tried = new List<string>();
        foreach (var (source, candidate, probe) in Candidates(configuredPath))
        {
            nint library;
            if (candidate is null)
            {
                tried.Add($"{source}: not set");
                continue;
            }

            if (probe)
            {
                if (!NativeLibrary.TryLoad(candidate, _assembly, null, out library))
                {
                    tried.Add($"{source}: '{candidate}' not found by the default probing (application folder, runtimes/, system library path)");
                    continue;
                }
            }
            else if (!File.Exists(candidate))
            {
                tried.Add($"{source}: {candidate} (no such file)");
                continue;
            }
            else
            {
                try
                {
                    library = NativeLibrary.Load(candidate);
                }
                catch (DllNotFoundException ex)
                {
                    tried.Add($"{source}: {candidate} (cannot be loaded: {ex.Message})");
                    continue;
                }
            }

            var api = OrtApi.FromLibrary(library, out var error);
            if (api is not null)
            {
                return (api, probe ? $"{candidate} (default probing)" : candidate);
            }

            tried.Add($"{source}: {candidate} ({error})");
        }

        var message = new StringBuilder("The ONNX Runtime native library (libonnxruntime.so.1, from the npm package onnxruntime-node@1.30.0) was not found. Tried:");
        foreach (var line in tried)
        {
            message.Append("\n  - ").Append(line);
        }

        message.Append("\nSet Spaces:Onnx:NativeLibraryPath or SPACES_ONNXRUNTIME to the file, or run scripts/run (or scripts/test), which fetch it into .cache/assets.");
        throw new OnnxException(OrtErrorCode.Fail, message.ToString());
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private IEnumerable<(string Source, string? Candidate, bool Probe)> Candidates(string? configuredPath)
    {
        yield return ("configuration Spaces:Onnx:NativeLibraryPath", NullIfBlank(configuredPath), false);

        var fromEnvironment = _environment(OnnxRuntimeOptions.EnvironmentVariable);
        yield return ($"environment {OnnxRuntimeOptions.EnvironmentVariable}",
            NullIfBlank(fromEnvironment), false);

        if (_useDefaultProbing)
        {
            yield return ("default probing", "libonnxruntime.so.1", true);
            yield return ("default probing", "onnxruntime", true);
        }

        var assets = _environment("SPACES_ASSETS_DIR");
        yield return ("environment SPACES_ASSETS_DIR",
            string.IsNullOrWhiteSpace(assets) ? null : Path.Combine(assets, "onnxruntime-node", NpmPackageRelativePath), false);

        for (var directory = new DirectoryInfo(_baseDirectory); directory is not null; directory = directory.Parent)
        {
            yield return (".cache/assets above the application",
                Path.Combine(directory.FullName, ".cache", "assets", "onnxruntime-node", NpmPackageRelativePath), false);
        }
    }
}
