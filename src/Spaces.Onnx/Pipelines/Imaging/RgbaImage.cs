namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>
/// An 8-bit RGBA image, rows top to bottom, four bytes per pixel (the layout of a browser canvas's <c>ImageData</c>).
/// </summary>
public sealed class RgbaImage
{
    /// <summary>The largest width or height accepted (a text line or a canvas, not a poster).</summary>
    public const int MaxSide = 16_384;

    /// <summary>The largest pixel count accepted (64 megapixels: 256 MB of RGBA).</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    private RgbaImage(int width, int height, byte[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels: <c>Width * Height * 4</c> bytes, R, G, B, A per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Wraps raw RGBA bytes (e.g. a canvas's <c>ImageData.data</c>) after checking the size matches.</summary>
    /// <exception cref="ArgumentException">The dimensions are out of range or the byte count is not <c>width * height * 4</c>.</exception>
    public static RgbaImage FromRgba(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        CheckSize(width, height);
        if (pixels.LongLength != (long)width * height * 4)
        {
            throw new ArgumentException(
                $"an RGBA image of {width}x{height} needs {(long)width * height * 4} bytes, got {pixels.LongLength}", nameof(pixels));
        }
        return new RgbaImage(width, height, pixels);
    }

    /// <summary>A new, fully transparent image of the given size.</summary>
    public static RgbaImage Create(int width, int height)
    {
        CheckSize(width, height);
        return new RgbaImage(width, height, new byte[(long)width * height * 4]);
    }

    /// <summary>Checks that a width and height are within <see cref="MaxSide"/> and <see cref="MaxPixels"/>.</summary>
    /// <exception cref="ArgumentException">They are not.</exception>
    public static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new ArgumentException(
                $"image size {width}x{height} is out of range (1..{MaxSide} per side, at most {MaxPixels} pixels)");
        }
    }

    /// <summary>The image turned by 180 degrees (a new image).</summary>
    public RgbaImage Rotate180()
    {
        var result = new byte[Pixels.Length];
        var pixelCount = Pixels.Length / 4;
        for (var i = 0; i < pixelCount; i++)
        {
            Buffer.BlockCopy(Pixels, i * 4, result, (pixelCount - 1 - i) * 4, 4);
        }
        return new RgbaImage(Width, Height, result);
    }

    /// <summary>A copy of the rectangle at (<paramref name="x"/>, <paramref name="y"/>), clipped to the image.</summary>
    /// <exception cref="ArgumentException">The rectangle does not overlap the image.</exception>
    public RgbaImage Crop(int x, int y, int width, int height)
    {
        var left = Math.Max(0, x);
        var top = Math.Max(0, y);
        var right = Math.Min(Width, x + width);
        var bottom = Math.Min(Height, y + height);
        if (right <= left || bottom <= top)
        {
            throw new ArgumentException($"the rectangle {width}x{height} at ({x}, {y}) is outside the {Width}x{Height} image");
        }
        var result = new byte[(right - left) * (bottom - top) * 4];
        for (var row = top; row < bottom; row++)
        {
            Buffer.BlockCopy(Pixels, (row * Width + left) * 4, result, (row - top) * (right - left) * 4, (right - left) * 4);
        }
        return new RgbaImage(right - left, bottom - top, result);
    }

    /// <summary>
    /// The image laid over an opaque background colour (a drawn canvas is transparent where nothing is drawn; models expect paper).
    /// </summary>
    public RgbaImage OverBackground(byte red = 255, byte green = 255, byte blue = 255)
    {
        var result = new byte[Pixels.Length];
        for (var i = 0; i < Pixels.Length; i += 4)
        {
            int alpha = Pixels[i + 3];
            result[i] = Blend(Pixels[i], red, alpha);
            result[i + 1] = Blend(Pixels[i + 1], green, alpha);
            result[i + 2] = Blend(Pixels[i + 2], blue, alpha);
            result[i + 3] = 255;
        }
        return new RgbaImage(Width, Height, result);
    }

    private static byte Blend(byte value, byte background, int alpha) => (byte)((value * alpha + background * (255 - alpha) + 127) / 255);
}
