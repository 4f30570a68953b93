namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>The colour types of the PNG specification (IHDR byte 9).</summary>
internal enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
