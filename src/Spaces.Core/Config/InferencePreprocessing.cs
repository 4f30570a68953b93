namespace Spaces.Core.Config;

/// <summary>
/// The <c>preprocessing</c> of a card's <c>inference</c> section: how the widget turns an image into the first input.
/// Each channel value becomes <c>(pixel * scale - mean[c]) / std[c]</c>, with channels in <see cref="ChannelOrder"/>.
/// </summary>
public sealed record InferencePreprocessing
{
    /// <summary><c>resize_height</c>: the height, in pixels, the image is resized to (keeping its aspect ratio when no width is given). Default null (no resize).</summary>
    public int? ResizeHeight { get; init; }

    /// <summary><c>resize_width</c>: the width, in pixels, the image is resized to. Default null.</summary>
    public int? ResizeWidth { get; init; }

    /// <summary><c>scale</c>: factor applied to 8-bit pixel values before <see cref="Mean"/> and <see cref="Std"/>. Default null (the widget uses 1/255).</summary>
    public double? Scale { get; init; }

    /// <summary><c>mean</c>: subtracted per channel. Default empty (0 for every channel).</summary>
    public IReadOnlyList<double> Mean { get; init; } = [];

    /// <summary><c>std</c>: divides per channel, each value greater than zero. Default empty (1 for every channel).</summary>
    public IReadOnlyList<double> Std { get; init; } = [];

    /// <summary><c>channel_order</c>: <c>RGB</c>, <c>BGR</c> or <c>GRAY</c>. Default null (RGB).</summary>
    public ChannelOrder? ChannelOrder { get; init; }

    /// <summary>Other keys (e.g. <c>sample_rate</c> for audio models), as plain values. Default empty.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>().AsReadOnly();
}
