using System.Runtime.InteropServices;

namespace Spaces.Onnx;

/// <summary>Maps CLR element types to ONNX element types and back.</summary>
internal static class TensorElementTypes
{
    public static TensorElementType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { return TensorElementType.Float; }
        if (typeof(T) == typeof(double)) { return TensorElementType.Double; }
        if (typeof(T) == typeof(long)) { return TensorElementType.Int64; }
        if (typeof(T) == typeof(int)) { return TensorElementType.Int32; }
        if (typeof(T) == typeof(sbyte)) { return TensorElementType.Int8; }
        if (typeof(T) == typeof(byte)) { return TensorElementType.UInt8; }
        if (typeof(T) == typeof(bool)) { return TensorElementType.Bool; }
        if (typeof(T) == typeof(short)) { return TensorElementType.Int16; }
        if (typeof(T) == typeof(ushort)) { return TensorElementType.UInt16; }
        if (typeof(T) == typeof(uint)) { return TensorElementType.UInt32; }
        if (typeof(T) == typeof(ulong)) { return TensorElementType.UInt64; }
        if (typeof(T) == typeof(Half)) { return TensorElementType.Float16; }
        throw new NotSupportedException($"{typeof(T).Name} has no ONNX tensor element type.");
    }

    /// <summary>Size in bytes of one element, or 0 for strings and unsupported types.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        TensorElementType.Int16 or TensorElementType.UInt16 or TensorElementType.Float16 => 2,
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        _ => 0,
    };

    /// <summary>A new zeroed array of <paramref name="count"/> elements of <paramref name="type"/>.</summary>
    public static Array NewArray(TensorElementType type, int count) => type switch
    {
        TensorElementType.Float => GC.AllocateUninitializedArray<float>(count),
        TensorElementType.Double => GC.AllocateUninitializedArray<double>(count),
        TensorElementType.Int64 => GC.AllocateUninitializedArray<long>(count),
        TensorElementType.Int32 => GC.AllocateUninitializedArray<int>(count),
        TensorElementType.Int8 => GC.AllocateUninitializedArray<sbyte>(count),
        TensorElementType.UInt8 => GC.AllocateUninitializedArray<byte>(count),
        TensorElementType.Bool => GC.AllocateUninitializedArray<bool>(count),
        TensorElementType.Int16 => GC.AllocateUninitializedArray<short>(count),
        TensorElementType.UInt16 => GC.AllocateUninitializedArray<ushort>(count),
        TensorElementType.UInt32 => GC.AllocateUninitializedArray<uint>(count),
        TensorElementType.UInt64 => GC.AllocateUninitializedArray<ulong>(count),
        TensorElementType.Float16 => GC.AllocateUninitializedArray<Half>(count),
        _ => throw new NotSupportedException($"Tensors of {type} elements are not supported."),
    };

    /// <summary>The array's elements as bytes.</summary>
    public static Span<byte> Bytes(Array array) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), checked(array.Length * SizeOfElement(array)));

    private static int SizeOfElement(Array array) => array switch
    {
        float[] or int[] or uint[] => 4,
        double[] or long[] or ulong[] => 8,
        short[] or ushort[] or Half[] => 2,
        sbyte[] or byte[] or bool[] => 1,
        _ => throw new NotSupportedException($"{array.GetType().Name} is not a tensor array."),
    };
}
