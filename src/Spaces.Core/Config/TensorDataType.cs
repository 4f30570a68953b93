namespace Spaces.Core.Config;

/// <summary>
/// Element types of a <see cref="TensorSpec"/>, named in cards as ONNX does in lower case (<c>float32</c>, <c>int64</c>, ...);
/// <c>float</c> and <c>double</c> are accepted for <c>float32</c> and <c>float64</c>.
/// </summary>
public enum TensorDataType
{
    /// <summary><c>float32</c> (also <c>float</c>).</summary>
    Float32,

    /// <summary><c>float16</c>.</summary>
    Float16,

    /// <summary><c>bfloat16</c>.</summary>
    BFloat16,

    /// <summary><c>float64</c> (also <c>double</c>).</summary>
    Float64,

    /// <summary><c>int8</c>.</summary>
    Int8,

    /// <summary><c>int16</c>.</summary>
    Int16,

    /// <summary><c>int32</c>.</summary>
    Int32,

    /// <summary><c>int64</c>.</summary>
    Int64,

    /// <summary><c>uint8</c>.</summary>
    UInt8,

    /// <summary><c>uint16</c>.</summary>
    UInt16,

    /// <summary><c>uint32</c>.</summary>
    UInt32,

    /// <summary><c>uint64</c>.</summary>
    UInt64,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>string</c>.</summary>
    String,
}
