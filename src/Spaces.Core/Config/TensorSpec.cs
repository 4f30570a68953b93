namespace Spaces.Core.Config;

/// <summary>One input or output of a model, as the card's <c>inference</c> section declares it.</summary>
public sealed record TensorSpec
{
    /// <summary><c>name</c>: the tensor's name in the model. Required.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// <c>shape</c>: one dimension per axis, each a size or a symbolic name such as <c>N</c>; an empty list is a scalar.
    /// Default null (not declared).
    /// </summary>
    public IReadOnlyList<TensorDimension>? Shape { get; init; }

    /// <summary><c>datatype</c>: the element type (<c>float32</c>, <c>int64</c>, ...). Default <see cref="TensorDataType.Float32"/>.</summary>
    public TensorDataType DataType { get; init; } = TensorDataType.Float32;

    /// <summary>Other keys of the entry (e.g. <c>description</c>), as plain values. Default empty.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>().AsReadOnly();
}
