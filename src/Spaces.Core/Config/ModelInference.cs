namespace Spaces.Core.Config;

/// <summary>
/// A model card's <c>inference</c> section: what the model page's widget feeds the model and how it prepares the input.
/// <code>
/// inference:
///   inputs:
///     - name: x
///       shape: [N, 3, 48, W]
///       datatype: float32
///   preprocessing:
///     resize_height: 48
///     mean: [0.5, 0.5, 0.5]
///     std: [0.5, 0.5, 0.5]
///     channel_order: BGR
/// </code>
/// </summary>
public sealed record ModelInference
{
    /// <summary>False for <c>inference: false</c>: the model page shows no widget. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>inputs</c>: the model's inputs, in order. Default empty (the model file's own declaration is used).</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; init; } = [];

    /// <summary><c>outputs</c>: the model's outputs, in order. Default empty (the model file's own declaration is used).</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; init; } = [];

    /// <summary><c>preprocessing</c>: how an image (or other media) becomes the first input. Default null (none declared).</summary>
    public InferencePreprocessing? Preprocessing { get; init; }

    /// <summary>Other keys of the section (e.g. <c>parameters</c>), as plain values. Default empty.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>().AsReadOnly();
}
