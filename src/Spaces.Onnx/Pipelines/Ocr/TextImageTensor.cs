using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>
/// PaddleOCR's <c>resize_norm_img</c>: a text-line image resized to a fixed height keeping its aspect ratio (bilinear), channels in
/// BGR order, each value <c>(v / 255 - 0.5) / 0.5</c>, then zero-padded on the right to the batch width.
/// </summary>
internal static class TextImageTensor
{
    /// <summary>The width the image takes at <paramref name="height"/> keeping its aspect, at most <paramref name="maxWidth"/>.</summary>
    public static int ResizedWidth(RgbaImage image, int height, int maxWidth) =>
        Math.Clamp((int)Math.Ceiling(height * (double)image.Width / image.Height), 1, maxWidth);

    /// <summary>
    /// Writes one image as <c>[3, height, paddedWidth]</c> floats into <paramref name="destination"/> (already zeroed), the image
    /// resized to <paramref name="resizedWidth"/> x <paramref name="height"/>. Transparent pixels are laid over white first.
    /// </summary>
    public static void Write(RgbaImage image, int height, int resizedWidth, int paddedWidth, Span<float> destination)
    {
        var opaque = image.OverBackground();
        var sampler = new BilinearSampler(opaque.Width, opaque.Height, resizedWidth, height);
        var plane = height * paddedWidth;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < resizedWidth; x++)
            {
                var at = y * paddedWidth + x;
                // BGR: OpenCV's channel order, which the models were trained with.
                destination[at] = Normalize(sampler.Sample(opaque.Pixels, x, y, 2));
                destination[plane + at] = Normalize(sampler.Sample(opaque.Pixels, x, y, 1));
                destination[2 * plane + at] = Normalize(sampler.Sample(opaque.Pixels, x, y, 0));
            }
        }
    }

    private static float Normalize(float value) => (value / 255f - 0.5f) / 0.5f;
}
