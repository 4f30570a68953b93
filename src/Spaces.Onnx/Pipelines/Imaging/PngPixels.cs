namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>Turns unfiltered PNG rows of any colour type and bit depth into 8-bit RGBA.</summary>
internal static class PngPixels
{
    public static RgbaImage ToRgba(byte[] raw, PngHeader header, byte[]? palette, byte[]? transparency)
    {
        var image = RgbaImage.Create(header.Width, header.Height);
        var output = image.Pixels;
        var stripe = header.RowBytes + 1;
        var bitDepth = header.BitDepth;
        // 16-bit samples: the high byte; below 8 bits: scaled up so that the largest value is 255 (palette indices are not scaled).
        var scale = bitDepth < 8 && header.ColorType != PngColorType.Palette ? 255 / ((1 << bitDepth) - 1) : 1;
        var transparentKey = TransparentKey(header, transparency);
        for (var y = 0; y < header.Height; y++)
        {
            var row = raw.AsSpan(y * stripe + 1, header.RowBytes);
            for (var x = 0; x < header.Width; x++)
            {
                var o = (y * header.Width + x) * 4;
                switch (header.ColorType)
                {
                    case PngColorType.Gray:
                    {
                        var sample = Sample(row, x, bitDepth);
                        var gray = (byte)(Eight(sample, bitDepth) * scale);
                        output[o] = output[o + 1] = output[o + 2] = gray;
                        output[o + 3] = transparentKey is { } key && key[0] == sample ? (byte)0 : (byte)255;
                        break;
                    }
                    case PngColorType.Palette:
                    {
                        var index = Sample(row, x, bitDepth);
                        if (index * 3 + 2 >= palette!.Length)
                        {
                            throw new InvalidDataException($"PNG pixel ({x}, {y}) uses palette entry {index}, but the palette has {palette.Length / 3}");
                        }
                        output[o] = palette[index * 3];
                        output[o + 1] = palette[index * 3 + 1];
                        output[o + 2] = palette[index * 3 + 2];
                        output[o + 3] = transparency is not null && index < transparency.Length ? transparency[index] : (byte)255;
                        break;
                    }
                    case PngColorType.GrayAlpha:
                        output[o] = output[o + 1] = output[o + 2] = Eight(Sample(row, x * 2, bitDepth), bitDepth);
                        output[o + 3] = Eight(Sample(row, x * 2 + 1, bitDepth), bitDepth);
                        break;
                    case PngColorType.Rgb:
                    {
                        int r = Sample(row, x * 3, bitDepth), g = Sample(row, x * 3 + 1, bitDepth), b = Sample(row, x * 3 + 2, bitDepth);
                        output[o] = Eight(r, bitDepth);
                        output[o + 1] = Eight(g, bitDepth);
                        output[o + 2] = Eight(b, bitDepth);
                        output[o + 3] = transparentKey is { } key && key[0] == r && key[1] == g && key[2] == b ? (byte)0 : (byte)255;
                        break;
                    }
                    default:
                        for (var c = 0; c < 4; c++)
                        {
                            output[o + c] = Eight(Sample(row, x * 4 + c, bitDepth), bitDepth);
                        }
                        break;
                }
            }
        }
        return image;
    }

    /// <summary>The n-th sample of a row, for any bit depth (sub-byte samples are packed most significant bits first).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int n, int bitDepth) => bitDepth switch
    {
        8 => row[n],
        16 => (row[n * 2] << 8) | row[n * 2 + 1],
        _ => (row[n * bitDepth / 8] >> (8 - bitDepth - (n * bitDepth % 8))) & ((1 << bitDepth) - 1),
    };

    private static byte Eight(int sample, int bitDepth) => (byte)(bitDepth == 16 ? sample >> 8 : sample);

    /// <summary>The tRNS colour key of a gray or RGB image (samples at the image's bit depth), or null.</summary>
    private static int[]? TransparentKey(PngHeader header, byte[]? transparency)
    {
        if (transparency is null)
        {
            return null;
        }
        var count = header.ColorType switch { PngColorType.Gray => 1, PngColorType.Rgb => 3, _ => 0 };
        if (count == 0 || transparency.Length < count * 2)
        {
            return null;
        }
        var key = new int[count];
        for (var i = 0; i < count; i++)
        {
            key[i] = (transparency[i * 2] << 8) | transparency[i * 2 + 1];
        }
        return key;
    }
}
