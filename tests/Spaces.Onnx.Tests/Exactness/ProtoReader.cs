using System.Buffers.Binary;

namespace Spaces.Onnx.Tests.Exactness;

/// <summary>A forward-only reader of the protobuf wire format: enough for ONNX's TensorProto and the types of a ModelProto's graph.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field key: its number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed varint.");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        var bytes = _data.Slice(_position, length);
        _position += length;
        return bytes;
    }

    public uint ReadFixed32()
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: _position += 8; break;
            case 2: ReadBytes(); break;
            case 5: _position += 4; break;
            default: throw new InvalidDataException($"Unsupported wire type {wireType}.");
        }
    }

    /// <summary>Reads a repeated varint field, packed (wire type 2) or one element (wire type 0).</summary>
    public void ReadVarints(int wireType, List<ulong> into)
    {
        if (wireType == 0)
        {
            into.Add(ReadVarint());
            return;
        }

        var packed = new ProtoReader(ReadBytes());
        while (!packed.AtEnd)
        {
            into.Add(packed.ReadVarint());
        }
    }

    /// <summary>Reads a repeated fixed-size field (4 or 8 bytes), packed or one element.</summary>
    public void ReadFixed(int wireType, int size, List<ulong> into)
    {
        if (wireType != 2)
        {
            into.Add(size == 4 ? ReadFixed32() : ReadFixed64());
            return;
        }

        var packed = ReadBytes();
        for (var i = 0; i + size <= packed.Length; i += size)
        {
            into.Add(size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(packed[i..]) : BinaryPrimitives.ReadUInt64LittleEndian(packed[i..]));
        }
    }
}
