namespace Spaces.Core.Config;

/// <summary>Order of color channels a model expects.</summary>
public enum ChannelOrder
{
    /// <summary><c>RGB</c>: red, green, blue.</summary>
    Rgb,

    /// <summary><c>BGR</c>: blue, green, red (OpenCV-trained models such as PaddleOCR).</summary>
    Bgr,

    /// <summary><c>GRAY</c>: one luminance channel.</summary>
    Gray,
}
