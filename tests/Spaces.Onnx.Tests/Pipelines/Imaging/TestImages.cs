using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Tests.Pipelines.Imaging;

/// <summary>Images made with ImageMagick for the tests, and ImageMagick's own decoding of them as the reference.</summary>
internal static class TestImages
{
    /// <summary>A text line rendered in DejaVu Sans, black on white, with a margin, as PNG bytes.</summary>
    public static byte[] TextLine(string text, int pointSize = 32) => ExternalTool.Run(ExternalTool.Convert,
        "-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", pointSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-bordercolor", "white", "-border", "8", $"label:{text}", "png:-");

    /// <summary>A textured picture (plasma with a fixed seed, half-transparent bottom rows) converted with extra ImageMagick options.</summary>
    public static string Picture(string directory, string name, params string[] options)
    {
        var path = Path.Combine(directory, name + ".png");
        ExternalTool.Run(ExternalTool.Convert,
        [
            "-seed", "7", "-size", "37x23", "plasma:red-blue",
            "(", "-size", "37x23", "gradient:white-gray30", ")", "-alpha", "off", "-compose", "CopyOpacity", "-composite",
            .. options, path,
        ]);
        return path;
    }

    /// <summary>ImageMagick's decoding of a file as 8-bit RGBA.</summary>
    public static byte[] ReferenceRgba(string path) => ExternalTool.Run(ExternalTool.Convert, path, "-depth", "8", "rgba:-");

    public static RgbaImage Decode(string path) => PngDecoder.Decode(File.ReadAllBytes(path));
}
