using Spaces.Onnx;

namespace Spaces.Web.Api.Inference;

/// <summary>The Open Inference Protocol's tensor data types and the ONNX element types they stand for.</summary>
internal static class OipDataTypes
{
    private static readonly Dictionary<string, TensorElementType> _byName = new(StringComparer.Ordinal)
    {
        ["BOOL"] = TensorElementType.Bool,
        ["UINT8"] = TensorElementType.UInt8,
        ["UINT16"] = TensorElementType.UInt16,
        ["UINT32"] = TensorElementType.UInt32,
        ["UINT64"] = TensorElementType.UInt64,
        ["INT8"] = TensorElementType.Int8,
        ["INT16"] = TensorElementType.Int16,
        ["INT32"] = TensorElementType.Int32,
        ["INT64"] = TensorElementType.Int64,
        ["FP16"] = TensorElementType.Float16,
        ["FP32"] = TensorElementType.Float,
        ["FP64"] = TensorElementType.Double,
        ["BYTES"] = TensorElementType.String,
    };

    private static readonly Dictionary<TensorElementType, string> _byType = _byName.ToDictionary(p => p.Value, p => p.Key);

    public static string Names => string.Join(", ", _byName.Keys);

    public static bool TryParse(string? name, out TensorElementType type) => _byName.TryGetValue(name ?? "", out type);

    /// <summary>The protocol name of an element type (<c>FP32</c>...), or the ONNX name for types the protocol lacks.</summary>
    public static string NameOf(TensorElementType type) => _byType.TryGetValue(type, out var name) ? name : type.ToString().ToUpperInvariant();
}
