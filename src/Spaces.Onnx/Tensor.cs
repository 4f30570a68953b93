using System.Runtime.InteropServices;

namespace Spaces.Onnx;

/// <summary>
/// A dense tensor in managed memory: an element type, a shape and a row-major array that the tensor owns.
/// <see cref="Create{T}"/> takes the caller's array without copying it, so the caller must not change it afterwards.
/// Supported element types: <see cref="float"/>, <see cref="double"/>, <see cref="Half"/>, <see cref="long"/>, <see cref="int"/>,
/// <see cref="short"/>, <see cref="sbyte"/>, <see cref="ulong"/>, <see cref="uint"/>, <see cref="ushort"/>, <see cref="byte"/>,
/// <see cref="bool"/> and strings (<see cref="FromStrings"/>).
/// </summary>
public sealed class Tensor
{
    private readonly long[] _shape;

    private Tensor(TensorElementType elementType, Array data, long[] shape)
    {
        ElementType = elementType;
        Data = data;
        _shape = shape;
        ElementCount = data.LongLength;
    }

    /// <summary>Element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>The backing array (a <c>T[]</c> or <c>string[]</c>).</summary>
    internal Array Data { get; }

    internal long[] ShapeArray => _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape has a negative dimension or does not hold exactly <c>data.Length</c> elements.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no ONNX element type.</exception>
    public static Tensor Create<T>(T[] data, params long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var type = TensorElementTypes.Of<T>();
        CheckShape(data.LongLength, shape);
        return new Tensor(type, data, (long[])shape.Clone());
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a string tensor of the given <paramref name="shape"/>.</summary>
    public static Tensor FromStrings(string[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] is null)
            {
                throw new ArgumentException($"String tensor element {i} is null.", nameof(data));
            }
        }

        CheckShape(data.LongLength, shape);
        return new Tensor(TensorElementType.String, data, (long[])shape.Clone());
    }

    /// <summary>Internal constructor for arrays produced by the runtime (shape already checked).</summary>
    internal static Tensor FromOwned(TensorElementType type, Array data, long[] shape) => new(type, data, shape);

    /// <summary>The elements, without copying.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged => Typed<T>();

    /// <summary>A copy of the elements.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => Typed<T>().ToArray();

    /// <summary>A copy of the elements of a string tensor.</summary>
    public string[] ToStringArray() => Data is string[] strings
        ? (string[])strings.Clone()
        : throw new InvalidOperationException($"The tensor holds {ElementType} elements, not strings.");

    /// <inheritdoc />
    public override string ToString() => $"{ElementType}[{string.Join(',', _shape)}]";

    private T[] Typed<T>()
        where T : unmanaged
    {
        if (Data is T[] typed)
        {
            return typed;
        }

        throw new InvalidOperationException($"The tensor holds {ElementType} elements, not {typeof(T).Name}.");
    }

    private static void CheckShape(long length, long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(',', shape)}] has a negative dimension.", nameof(shape));
            }

            count = checked(count * dim);
        }

        if (count != length)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(',', shape)}] holds {count} elements but the data has {length}.", nameof(shape));
        }
    }
}

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
