namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>
/// Finds the written part of a drawing or a scan: the bounding box of the pixels darker than the paper once laid over white.
/// A recognizer expects a text line cropped close (PaddleOCR feeds it the boxes its detector found); a canvas has room around the ink.
/// </summary>
public static class InkBounds
{
    /// <summary>A pixel is ink when its luminance over white is below this (0..255). Default 160.</summary>
    public const int DefaultThreshold = 160;

    /// <summary>The bounding box (x, y, width, height) of the ink, or null when the image is blank.</summary>
    public static (int X, int Y, int Width, int Height)? Find(RgbaImage image, int threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = image.Pixels;
        int left = image.Width, top = image.Height, right = -1, bottom = -1;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var i = (y * image.Width + x) * 4;
                int alpha = pixels[i + 3];
                // Luminance (BT.601) of the pixel laid over white.
                var luminance = ((299 * pixels[i] + 587 * pixels[i + 1] + 114 * pixels[i + 2]) / 1000 * alpha + 255 * (255 - alpha)) / 255;
                if (luminance < threshold)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }
        return right < 0 ? null : (left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>
    /// The image cropped to its ink with a margin of a quarter of the ink's height on every side (at least 4 pixels), or null when blank.
    /// </summary>
    public static RgbaImage? CropToInk(RgbaImage image, int threshold = DefaultThreshold)
    {
        if (Find(image, threshold) is not { } box)
        {
            return null;
        }
        var margin = Math.Max(4, box.Height / 4);
        return image.Crop(box.X - margin, box.Y - margin, box.Width + 2 * margin, box.Height + 2 * margin);
    }
}
