using System.Runtime.InteropServices;
using System.Text;

namespace Spaces.Onnx.Tests.Exactness;

/// <summary>An ONNX <c>TensorProto</c> read from a .pb file of the test data.</summary>
internal sealed record TensorProtoData(string? Name, int DataType, long[] Dims, Tensor? Tensor);

/// <summary>
/// Reads ONNX <c>TensorProto</c> messages: dims 1, data_type 2, float_data 4, int32_data 5, string_data 6, int64_data 7, name 8,
/// raw_data 9, double_data 10, uint64_data 11 (onnx.proto). <see cref="TensorProtoData.Tensor"/> is null for element types the binding lacks.
/// </summary>
internal static class TensorProtoReader
{
    public static TensorProtoData Read(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        var dims = new List<ulong>();
        var fixed32 = new List<ulong>();
        var fixed64 = new List<ulong>();
        var varints = new List<ulong>();
        var strings = new List<string>();
        byte[]? raw = null;
        string? name = null;
        var dataType = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 1: reader.ReadVarints(wire, dims); break;
                case 2: dataType = (int)reader.ReadVarint(); break;
                case 4: reader.ReadFixed(wire, 4, fixed32); break;
                case 5: case 7: case 11: reader.ReadVarints(wire, varints); break;
                case 6: strings.Add(Encoding.UTF8.GetString(reader.ReadBytes())); break;
                case 8: name = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case 9: raw = reader.ReadBytes().ToArray(); break;
                case 10: reader.ReadFixed(wire, 8, fixed64); break;
                default: reader.Skip(wire); break;
            }
        }

        var shape = dims.Select(d => (long)d).ToArray();
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var tensor = (TensorElementType)dataType switch
        {
            TensorElementType.Float => Tensor.Create(Values(raw, count, fixed32, v => BitConverter.UInt32BitsToSingle((uint)v)), shape),
            TensorElementType.Double => Tensor.Create(Values(raw, count, fixed64, BitConverter.UInt64BitsToDouble), shape),
            TensorElementType.Float16 => Tensor.Create(Values(raw, count, varints, v => BitConverter.UInt16BitsToHalf((ushort)v)), shape),
            TensorElementType.Int64 => Tensor.Create(Values(raw, count, varints, v => (long)v), shape),
            TensorElementType.Int32 => Tensor.Create(Values(raw, count, varints, v => (int)v), shape),
            TensorElementType.Int16 => Tensor.Create(Values(raw, count, varints, v => (short)v), shape),
            TensorElementType.Int8 => Tensor.Create(Values(raw, count, varints, v => (sbyte)v), shape),
            TensorElementType.UInt64 => Tensor.Create(Values(raw, count, varints, v => v), shape),
            TensorElementType.UInt32 => Tensor.Create(Values(raw, count, varints, v => (uint)v), shape),
            TensorElementType.UInt16 => Tensor.Create(Values(raw, count, varints, v => (ushort)v), shape),
            TensorElementType.UInt8 => Tensor.Create(Values(raw, count, varints, v => (byte)v), shape),
            TensorElementType.Bool => Tensor.Create(Values(raw, count, varints, v => v != 0), shape),
            TensorElementType.String => Tensor.FromStrings([.. strings], shape),
            _ => null,
        };
        return new TensorProtoData(name, dataType, shape, tensor);
    }

    /// <summary>The elements from raw_data (little-endian, as stored) or else from the typed repeated field.</summary>
    private static T[] Values<T>(byte[]? raw, int count, List<ulong> typed, Func<ulong, T> convert)
        where T : unmanaged
    {
        if (raw is not null)
        {
            var values = MemoryMarshal.Cast<byte, T>(raw).ToArray();
            if (values.Length != count)
            {
                throw new InvalidDataException($"raw_data holds {values.Length} elements, dims say {count}.");
            }

            return values;
        }

        if (typed.Count != count)
        {
            throw new InvalidDataException($"The typed data holds {typed.Count} elements, dims say {count}.");
        }

        return [.. typed.Select(convert)];
    }
}
