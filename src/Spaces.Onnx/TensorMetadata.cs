namespace Spaces.Onnx;

/// <summary>
/// One input or output of a model: its name, element type and shape. Dimensions of -1 are dynamic; <see cref="SymbolicDimensions"/>
/// holds their names (e.g. <c>batch</c>) at the same index, or <c>null</c> for fixed or unnamed dimensions.
/// A non-tensor value (sequence, map) has <see cref="TensorElementType.Undefined"/> and an empty shape.
/// </summary>
public sealed record TensorMetadata(
    string Name,
    TensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string?> SymbolicDimensions);
