using System.Buffers.Binary;
using System.IO.Compression;

namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>
/// Decodes non-interlaced PNG files (every colour type, bit depths 1 to 16, every filter type, <c>tRNS</c> transparency) into
/// <see cref="RgbaImage"/>. 16-bit samples keep their high byte. Chunk CRCs are checked.
/// </summary>
public static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Decodes a whole PNG file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a PNG this decoder supports; the message says what is wrong.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data)
    {
        if (!IsPng(data))
        {
            throw new InvalidDataException("not a PNG file (the 8-byte PNG signature is missing)");
        }
        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var compressed = new MemoryStream();
        var offset = Signature.Length;
        var ended = false;
        while (!ended)
        {
            if (data.Length - offset < 12)
            {
                throw new InvalidDataException("PNG file is truncated (no IEND chunk)");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            if (length > int.MaxValue || length > data.Length - offset - 12)
            {
                throw new InvalidDataException($"PNG file is truncated: the chunk at byte {offset} claims {length} bytes, more than the file holds");
            }
            var typeAndData = data.Slice(offset + 4, 4 + (int)length);
            var type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            var body = typeAndData[4..];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + (int)length)..]);
            if (Crc32.Compute(typeAndData) != crc)
            {
                throw new InvalidDataException($"PNG chunk {type} at byte {offset} has a wrong CRC (the file is corrupt)");
            }
            offset += 12 + (int)length;
            switch (type)
            {
                case "IHDR":
                    header = PngHeader.Parse(body);
                    break;
                case "PLTE":
                    if (body.Length % 3 != 0 || body.Length == 0 || body.Length > 256 * 3)
                    {
                        throw new InvalidDataException($"PNG palette has {body.Length} bytes (must be 3 per entry, 1 to 256 entries)");
                    }
                    palette = body.ToArray();
                    break;
                case "tRNS":
                    transparency = body.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // Critical chunks have an upper-case first letter: an unknown one changes how the image must be read.
                    if (char.IsUpper(type[0]))
                    {
                        throw new InvalidDataException($"PNG has an unknown critical chunk {type}");
                    }
                    break;
            }
            if (header is null)
            {
                throw new InvalidDataException("PNG does not start with an IHDR chunk");
            }
        }
        if (compressed.Length == 0)
        {
            throw new InvalidDataException("PNG has no image data (IDAT)");
        }
        var h = header!;
        if (h.ColorType == PngColorType.Palette && palette is null)
        {
            throw new InvalidDataException("PNG of colour type 3 (palette) has no PLTE chunk");
        }
        compressed.Position = 0;
        var raw = Inflate(compressed, h);
        PngFilters.Unfilter(raw, h.Height, h.RowBytes, h.FilterStride);
        return PngPixels.ToRgba(raw, h, palette, transparency);
    }

    private static byte[] Inflate(Stream compressed, PngHeader header)
    {
        var expected = (long)header.Height * (header.RowBytes + 1);
        var raw = new byte[expected];
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            var read = 0;
            while (read < raw.Length)
            {
                var n = zlib.Read(raw, read, raw.Length - read);
                if (n == 0)
                {
                    throw new InvalidDataException(
                        $"PNG image data is short: {read} bytes after decompression, {expected} expected for {header.Width}x{header.Height}");
                }
                read += n;
            }
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("PNG", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"PNG image data is not valid zlib: {ex.Message}", ex);
        }
        return raw;
    }
}
