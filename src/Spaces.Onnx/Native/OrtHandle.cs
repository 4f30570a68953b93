using System.Runtime.InteropServices;

namespace Spaces.Onnx.Native;

/// <summary>Owns one native ORT object and releases it with its <c>Release*</c> function exactly once.</summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    protected OrtHandle(nint handle, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

/// <summary>An <c>OrtEnv</c>.</summary>
internal sealed unsafe class OrtEnvHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseEnv);

/// <summary>An <c>OrtSession</c>.</summary>
internal sealed unsafe class OrtSessionHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseSession);

/// <summary>An <c>OrtSessionOptions</c>.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseSessionOptions);

/// <summary>An <c>OrtValue</c>.</summary>
internal sealed unsafe class OrtValueHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseValue);

/// <summary>An <c>OrtTypeInfo</c>.</summary>
internal sealed unsafe class OrtTypeInfoHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseTypeInfo);

/// <summary>An <c>OrtTensorTypeAndShapeInfo</c> that the caller owns (from <c>GetTensorTypeAndShape</c>).</summary>
internal sealed unsafe class OrtTensorInfoHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseTensorTypeAndShapeInfo);

/// <summary>An <c>OrtMemoryInfo</c>.</summary>
internal sealed unsafe class OrtMemoryInfoHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseMemoryInfo);

/// <summary>An <c>OrtRunOptions</c>.</summary>
internal sealed unsafe class OrtRunOptionsHandle(OrtApi api, nint handle) : OrtHandle(handle, api.ReleaseRunOptions)
{
    public OrtApi Api { get; } = api;
}
