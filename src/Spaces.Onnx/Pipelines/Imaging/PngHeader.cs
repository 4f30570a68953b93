using System.Buffers.Binary;

namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>A parsed and validated IHDR chunk, with the row geometry derived from it.</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType)
{
    /// <summary>Samples per pixel for the colour type.</summary>
    public int Channels => ColorType switch
    {
        PngColorType.Gray or PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    /// <summary>Bytes of one unfiltered row (without the filter-type byte).</summary>
    public int RowBytes => (int)(((long)Width * Channels * BitDepth + 7) / 8);

    /// <summary>The byte distance to the "left" pixel the filters use (at least 1).</summary>
    public int FilterStride => Math.Max(1, Channels * BitDepth / 8);

    public static PngHeader Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length != 13)
        {
            throw new InvalidDataException($"PNG IHDR chunk has {body.Length} bytes (13 expected)");
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int bitDepth = body[8];
        var colorType = (PngColorType)body[9];
        if (body[10] != 0 || body[11] != 0)
        {
            throw new InvalidDataException($"PNG uses compression method {body[10]} / filter method {body[11]} (only 0 exists)");
        }
        if (body[12] != 0)
        {
            throw new InvalidDataException("interlaced (Adam7) PNG is not supported: save the image without interlacing");
        }
        if (width == 0 || height == 0 || width > RgbaImage.MaxSide || height > RgbaImage.MaxSide || (long)width * height > RgbaImage.MaxPixels)
        {
            throw new InvalidDataException(
                $"PNG size {width}x{height} is out of range (1..{RgbaImage.MaxSide} per side, at most {RgbaImage.MaxPixels} pixels)");
        }
        var allowed = colorType switch
        {
            PngColorType.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => bitDepth is 1 or 2 or 4 or 8,
            PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
            _ => throw new InvalidDataException($"PNG colour type {(int)colorType} does not exist (0, 2, 3, 4 or 6)"),
        };
        if (!allowed)
        {
            throw new InvalidDataException($"PNG bit depth {bitDepth} is not valid for colour type {(int)colorType}");
        }
        return new PngHeader((int)width, (int)height, bitDepth, colorType);
    }
}
