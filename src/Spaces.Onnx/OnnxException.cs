namespace Spaces.Onnx;

/// <summary>An error reported by ONNX Runtime (its code and message), or by this binding before calling it.</summary>
public sealed class OnnxException : Exception
{
    /// <summary>Creates an exception with ORT's <paramref name="code"/> and <paramref name="message"/>.</summary>
    public OnnxException(OrtErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an exception with ORT's <paramref name="code"/>, <paramref name="message"/> and a cause.</summary>
    public OnnxException(OrtErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>ORT's error code; <see cref="OrtErrorCode.Fail"/> when the native library itself could not be loaded.</summary>
    public OrtErrorCode Code { get; }
}
