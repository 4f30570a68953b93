using System.Text;
using Spaces.Onnx.Native;

namespace Spaces.Onnx;

/// <summary>
/// The loaded ONNX Runtime: the native library (found once, see <see cref="OnnxRuntimeOptions"/>) and an <c>OrtEnv</c>.
/// Open sessions with <see cref="OpenSession(string, OrtSessionOptions?)"/>; one runtime serves a whole process and is thread-safe.
/// Dispose it after its sessions (sessions keep the environment alive until they are disposed themselves).
/// </summary>
public sealed unsafe class OrtRuntime : IDisposable
{
    private OrtRuntime(OrtApi api, string libraryPath, OrtEnvHandle env, OrtMemoryInfoHandle cpuMemory, nint allocator)
    {
        Api = api;
        LibraryPath = libraryPath;
        Env = env;
        CpuMemory = cpuMemory;
        Allocator = allocator;
    }

    /// <summary>ORT's version, e.g. <c>1.30.0</c>.</summary>
    public string Version => Api.Version;

    /// <summary>Where the native library was loaded from.</summary>
    public string LibraryPath { get; }

    internal OrtApi Api { get; }

    internal OrtEnvHandle Env { get; }

    internal OrtMemoryInfoHandle CpuMemory { get; }

    /// <summary>ORT's default CPU allocator (owned by ORT, never released).</summary>
    internal nint Allocator { get; }

    /// <summary>Finds and loads the native library, then creates the ORT environment.</summary>
    /// <exception cref="OnnxException">The library was not found (the message lists every place tried) or ORT refused to start.</exception>
    public static OrtRuntime Load(OnnxRuntimeOptions? options = null) => Load(options, new NativeLibraryLocator());

    internal static OrtRuntime Load(OnnxRuntimeOptions? options, NativeLibraryLocator locator)
    {
        options ??= new OnnxRuntimeOptions();
        var (api, location) = locator.Load(options.NativeLibraryPath);
        nint env;
        var logId = Encoding.UTF8.GetBytes("spaces\0");
        fixed (byte* id = logId)
        {
            api.Check(api.CreateEnv(Math.Clamp(options.LogSeverityLevel, 0, 4), id, &env));
        }

        var envHandle = new OrtEnvHandle(api, env);
        try
        {
            nint memory;
            api.Check(api.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &memory));
            var memoryHandle = new OrtMemoryInfoHandle(api, memory);
            nint allocator;
            api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
            return new OrtRuntime(api, location, envHandle, memoryHandle, allocator);
        }
        catch
        {
            envHandle.Dispose();
            throw;
        }
    }

    /// <summary>Opens a session on the model file at <paramref name="modelPath"/>.</summary>
    /// <exception cref="OnnxException">ORT could not load the model (missing file, invalid protobuf, unsupported opset...).</exception>
    public OrtSession OpenSession(string modelPath, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var path = Encoding.UTF8.GetBytes(modelPath + "\0");
        fixed (byte* p = path)
        {
            return Open(options, p, null, 0);
        }
    }

    /// <summary>Opens a session on a model held in memory (the bytes of an <c>.onnx</c> file).</summary>
    /// <exception cref="OnnxException">ORT could not load the model.</exception>
    public OrtSession OpenSession(ReadOnlySpan<byte> model, OrtSessionOptions? options = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }

        fixed (byte* data = model)
        {
            return Open(options, null, data, (nuint)model.Length);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CpuMemory.Dispose();
        Env.Dispose();
    }

    /// <summary>Creates a session from a file (<paramref name="path"/>) or from memory (<paramref name="data"/>).</summary>
    private OrtSession Open(OrtSessionOptions? options, byte* path, void* data, nuint length)
    {
        options ??= new OrtSessionOptions();
        using var sessionOptions = CreateSessionOptions(options);
        var envAdded = false;
        var optionsAdded = false;
        Env.DangerousAddRef(ref envAdded);
        try
        {
            sessionOptions.DangerousAddRef(ref optionsAdded);
            nint raw;
            Api.Check(path is not null
                ? Api.CreateSession(Env.DangerousGetHandle(), path, sessionOptions.DangerousGetHandle(), &raw)
                : Api.CreateSessionFromArray(Env.DangerousGetHandle(), data, length, sessionOptions.DangerousGetHandle(), &raw));
            var session = new OrtSessionHandle(Api, raw);
            // The session owns one reference on the environment from here on (released by OrtSession.Dispose).
            envAdded = false;
            return new OrtSession(this, session);
        }
        finally
        {
            if (optionsAdded)
            {
                sessionOptions.DangerousRelease();
            }

            if (envAdded)
            {
                Env.DangerousRelease();
            }
        }
    }

    private OrtSessionOptionsHandle CreateSessionOptions(OrtSessionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InterOpThreads);
        nint raw;
        Api.Check(Api.CreateSessionOptions(&raw));
        var handle = new OrtSessionOptionsHandle(Api, raw);
        try
        {
            Api.Check(Api.SetSessionGraphOptimizationLevel(raw, (int)options.Optimization));
            Api.Check(Api.SetIntraOpNumThreads(raw, options.IntraOpThreads));
            Api.Check(Api.SetInterOpNumThreads(raw, options.InterOpThreads));
            if (options.InterOpThreads > 1)
            {
                Api.Check(Api.SetSessionExecutionMode(raw, 1 /* ORT_PARALLEL */));
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
