using System.Buffers.Binary;
using System.IO.Compression;
using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Tests.Pipelines.Imaging;

public sealed class PngDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("rgba8", "-depth", "8", "-define", "png:color-type=6")]
    [InlineData("rgb8", "-alpha", "off", "-depth", "8", "-define", "png:color-type=2")]
    [InlineData("gray8", "-alpha", "off", "-colorspace", "gray", "-depth", "8", "-define", "png:color-type=0")]
    [InlineData("grayalpha8", "-colorspace", "gray", "-depth", "8", "-define", "png:color-type=4")]
    [InlineData("palette8", "-colors", "200", "-define", "png:color-type=3", "-define", "png:bit-depth=8")]
    [InlineData("palette4-alpha", "-channel", "A", "-threshold", "50%", "+channel", "-colors", "12", "-define", "png:color-type=3", "-define", "png:bit-depth=4")]
    [InlineData("palette1", "-alpha", "off", "-colors", "2", "-define", "png:color-type=3", "-define", "png:bit-depth=1")]
    [InlineData("gray4", "-alpha", "off", "-colorspace", "gray", "-depth", "4", "-define", "png:color-type=0", "-define", "png:bit-depth=4")]
    [InlineData("gray2", "-alpha", "off", "-colorspace", "gray", "-depth", "2", "-define", "png:color-type=0", "-define", "png:bit-depth=2")]
    [InlineData("gray1", "-alpha", "off", "-colorspace", "gray", "-threshold", "50%", "-depth", "1", "-define", "png:color-type=0", "-define", "png:bit-depth=1")]
    public void Eight_bit_and_smaller_colour_types_decode_exactly_like_ImageMagick(string name, params string[] options)
    {
        var path = TestImages.Picture(_dir.Path, name, options);

        var image = TestImages.Decode(path);

        Assert.Equal((37, 23), (image.Width, image.Height));
        Assert.Equal(TestImages.ReferenceRgba(path), image.Pixels);
    }

    [Theory]
    [InlineData("rgba16", "-define", "png:color-type=6", "-define", "png:bit-depth=16")]
    [InlineData("rgb16", "-alpha", "off", "-define", "png:color-type=2", "-define", "png:bit-depth=16")]
    [InlineData("gray16", "-alpha", "off", "-colorspace", "gray", "-define", "png:color-type=0", "-define", "png:bit-depth=16")]
    [InlineData("grayalpha16", "-colorspace", "gray", "-define", "png:color-type=4", "-define", "png:bit-depth=16")]
    public void Sixteen_bit_images_keep_the_high_byte(string name, params string[] options)
    {
        var path = TestImages.Picture(_dir.Path, name, ["-depth", "16", .. options]);

        var image = TestImages.Decode(path);

        // ImageMagick rounds 16 -> 8 bits; the decoder keeps the high byte: at most one step apart.
        var reference = TestImages.ReferenceRgba(path);
        Assert.Equal(reference.Length, image.Pixels.Length);
        Assert.All(Enumerable.Range(0, reference.Length), i => Assert.InRange(image.Pixels[i] - reference[i], -1, 1));
        Assert.Contains(Enumerable.Range(0, reference.Length), i => image.Pixels[i] is > 10 and < 245);
    }

    [Fact]
    public void Every_filter_type_decodes_exactly()
    {
        // ImageMagick's adaptive filtering picks Sub, Up, Average and Paeth row by row on this picture; its filter option 1 writes None.
        var adaptive = TestImages.Picture(_dir.Path, "adaptive", "-alpha", "off", "-depth", "8", "-quality", "95");
        var none = TestImages.Picture(_dir.Path, "none", "-alpha", "off", "-depth", "8", "-define", "png:compression-filter=1");

        Assert.Equal([0, 1, 2, 3, 4], FilterTypes(adaptive).Union(FilterTypes(none)).Order());
        Assert.Equal(TestImages.ReferenceRgba(adaptive), TestImages.Decode(adaptive).Pixels);
        Assert.Equal(TestImages.ReferenceRgba(none), TestImages.Decode(none).Pixels);
    }

    [Fact]
    public void Interlaced_png_is_refused_with_a_clear_message()
    {
        var path = TestImages.Picture(_dir.Path, "interlaced", "-depth", "8", "-interlace", "PNG");

        var error = Assert.Throws<InvalidDataException>(() => TestImages.Decode(path));
        Assert.Contains("interlaced", error.Message);
    }

    [Fact]
    public void Corrupt_files_are_refused_with_what_is_wrong()
    {
        var good = File.ReadAllBytes(TestImages.Picture(_dir.Path, "good", "-depth", "8"));

        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode("GIF89a..."u8)).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(good.AsSpan(0, 20))).Message);
        var flipped = (byte[])good.Clone();
        flipped[40] ^= 0x55;
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(flipped)).Message);
    }

    [Fact]
    public void Short_image_data_is_refused()
    {
        // A valid 4x4 RGB header whose IDAT holds only two rows.
        var png = Chunks(("IHDR", Header(4, 4, 8, 2)), ("IDAT", Deflate(new byte[2 * 13])), ("IEND", []));

        Assert.Contains("short", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png)).Message);
    }

    [Fact]
    public void Raw_rgba_must_match_its_size()
    {
        var image = RgbaImage.FromRgba(2, 1, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal([5, 6, 7, 8, 1, 2, 3, 4], image.Rotate180().Pixels);

        Assert.Contains("needs 8 bytes", Assert.Throws<ArgumentException>(() => RgbaImage.FromRgba(2, 1, new byte[7])).Message);
        Assert.Throws<ArgumentException>(() => RgbaImage.FromRgba(0, 1, []));
    }

    [Fact]
    public void Transparent_pixels_are_laid_over_white()
    {
        var image = RgbaImage.FromRgba(2, 1, [0, 0, 0, 0, 10, 20, 30, 255]).OverBackground();

        Assert.Equal([255, 255, 255, 255, 10, 20, 30, 255], image.Pixels);
    }

    private static IEnumerable<int> FilterTypes(string path)
    {
        var data = File.ReadAllBytes(path);
        using var idat = new MemoryStream();
        int width = 0, height = 0;
        for (var offset = 8; offset < data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 8));
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 12));
            }
            else if (type == "IDAT")
            {
                idat.Write(data, offset + 8, length);
            }
            offset += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var stripe = width * 3 + 1;
        return Enumerable.Range(0, height).Select(y => (int)raw.GetBuffer()[y * stripe]).Distinct();
    }

    private static byte[] Header(int width, int height, byte depth, byte colorType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = depth;
        header[9] = colorType;
        return header;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Chunks(params (string Type, byte[] Data)[] chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, body) in chunks)
        {
            var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
            png.Write(word);
            png.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc(typeAndData));
            png.Write(word);
        }
        return png.ToArray();
    }

    private static uint PngCrc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
