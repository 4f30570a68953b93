using System.Globalization;
using System.Text.Json;
using Spaces.Core.Problems;
using Spaces.Onnx;

namespace Spaces.Web.Api.Inference;

/// <summary>
/// Checks an inference request against the model's inputs and outputs and turns its JSON tensors into <see cref="Tensor"/>s.
/// Every refusal is a 400 that names the input or output and says what the model expects.
/// </summary>
internal static class InferRequestReader
{
    /// <param name="request">The JSON part of the request.</param>
    /// <param name="binary">What follows the JSON part when the binary data extension is used (else empty).</param>
    /// <param name="session">The model's session (its inputs and outputs).</param>
    /// <param name="modelId">For messages.</param>
    /// <param name="limits">Element limits.</param>
    public static (Dictionary<string, Tensor> Inputs, IReadOnlyList<string>? Outputs) Read(
        OipInferRequest request, ReadOnlyMemory<byte> binary, OrtSession session, string modelId, InferenceApiOptions limits)
    {
        if (request.Inputs is not { Count: > 0 })
        {
            throw ProblemException.Invalid("inputs", $"The request has no inputs; {modelId} expects {Describe(session.Inputs)}.");
        }

        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var input in request.Inputs)
        {
            var name = input?.Name;
            if (string.IsNullOrEmpty(name))
            {
                throw ProblemException.Invalid("inputs", "An input has no name.");
            }

            var expected = session.Inputs.FirstOrDefault(i => i.Name == name)
                ?? throw ProblemException.Invalid("inputs", $"Input '{name}' is not an input of {modelId}; it expects {Describe(session.Inputs)}.");
            if (inputs.ContainsKey(name))
            {
                throw ProblemException.Invalid("inputs", $"Input '{name}' is given twice.");
            }

            var binarySize = BinaryTensorData.Size(input!.Parameters, "binary_data_size");
            if (binarySize is { } size)
            {
                if (size < 0 || size > binary.Length - offset)
                {
                    throw ProblemException.Invalid("inputs", $"Input '{name}' has binary_data_size {input.Parameters!["binary_data_size"]}, "
                        + $"but {binary.Length - offset} bytes of binary data are left after the JSON part.");
                }

                inputs[name] = ReadTensor(input, expected, modelId, limits, binary.Slice(offset, (int)size));
                offset += (int)size;
            }
            else
            {
                inputs[name] = ReadTensor(input, expected, modelId, limits, null);
            }
        }

        if (offset != binary.Length)
        {
            throw ProblemException.Invalid("inputs", $"The request carries {binary.Length} bytes of binary data after its JSON part, "
                + $"but its inputs' binary_data_size add up to {offset}.");
        }

        var missing = session.Inputs.Where(i => !inputs.ContainsKey(i.Name)).ToList();
        if (missing.Count > 0)
        {
            throw ProblemException.Invalid("inputs", $"Input{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m.Name}'"))} "
                + $"missing; {modelId} expects {Describe(session.Inputs)}.");
        }

        if (request.Outputs is not { Count: > 0 })
        {
            return (inputs, null);
        }

        var outputs = new List<string>();
        foreach (var output in request.Outputs)
        {
            var name = output?.Name;
            if (string.IsNullOrEmpty(name) || session.Outputs.All(o => o.Name != name))
            {
                throw ProblemException.Invalid("outputs", $"Output '{name}' is not an output of {modelId}; its outputs are {Describe(session.Outputs)}.");
            }

            if (!outputs.Contains(name))
            {
                outputs.Add(name);
            }
        }

        return (inputs, outputs);
    }

    /// <summary><c>x (FP32 [-1,3,48,-1])</c> for each value; -1 is a dimension of any size.</summary>
    public static string Describe(IReadOnlyList<TensorMetadata> values) =>
        string.Join(", ", values.Select(v => $"'{v.Name}' ({OipDataTypes.NameOf(v.ElementType)} {ShapeText(v.Shape)})"));

    private static string ShapeText(IEnumerable<long> shape) => $"[{string.Join(',', shape)}]";

    private static Tensor ReadTensor(OipRequestInput input, TensorMetadata expected, string modelId, InferenceApiOptions limits, ReadOnlyMemory<byte>? binary)
    {
        var name = expected.Name;
        if (expected.ElementType == TensorElementType.Undefined)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' of {modelId} is not a tensor (a sequence or map); the API serves tensor inputs only.");
        }

        var expectedType = OipDataTypes.NameOf(expected.ElementType);
        if (!OipDataTypes.TryParse(input.Datatype, out var type))
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' has datatype '{input.Datatype}', which is not one of {OipDataTypes.Names}; "
                + $"{modelId} expects {expectedType}.");
        }

        if (type != expected.ElementType)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' has datatype {input.Datatype}; {modelId} expects {expectedType}.");
        }

        var shape = input.Shape?.ToArray() ?? throw ProblemException.Invalid("inputs", $"Input '{name}' has no shape; {modelId} expects {ShapeText(expected.Shape)}.");
        var fits = shape.Length == expected.Shape.Count && shape.All(d => d >= 0)
            && shape.Zip(expected.Shape).All(p => p.Second < 0 || p.First == p.Second);
        if (!fits)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' has shape {ShapeText(shape)}; {modelId} expects {ShapeText(expected.Shape)} "
                + "(-1: any size).");
        }

        long count = 1;
        foreach (var dim in shape)
        {
            count = dim == 0 ? 0 : Math.Min(count * dim, long.MaxValue / Math.Max(dim, 1));
        }

        if (count > limits.MaxInputElements)
        {
            throw new ProblemException(ProblemKind.TooLarge, $"Input '{name}' has {count:N0} elements; the API takes up to {limits.MaxInputElements:N0} per input.");
        }

        if (binary is { } bytes)
        {
            return ReadBinary(name, type, input.Datatype!, shape, count, bytes.Span);
        }

        var elements = Flatten(input.Data).ToList();
        if (elements.Count != count)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' has {elements.Count} data elements, but shape {ShapeText(shape)} holds {count}.");
        }

        try
        {
            return type switch
            {
                TensorElementType.Float => Tensor.Create(Convert(elements, e => Finite(e, float.MaxValue, out var d) ? (float)d : Fail<float>()), shape),
                TensorElementType.Double => Tensor.Create(Convert(elements, e => Finite(e, double.MaxValue, out var d) ? d : Fail<double>()), shape),
                TensorElementType.Float16 => Tensor.Create(Convert(elements, e => Finite(e, (double)Half.MaxValue, out var d) ? (Half)d : Fail<Half>()), shape),
                TensorElementType.Int64 => Tensor.Create(Convert(elements, e => e.TryGetInt64(out var v) ? v : Fail<long>()), shape),
                TensorElementType.Int32 => Tensor.Create(Convert(elements, e => e.TryGetInt32(out var v) ? v : Fail<int>()), shape),
                TensorElementType.Int16 => Tensor.Create(Convert(elements, e => e.TryGetInt16(out var v) ? v : Fail<short>()), shape),
                TensorElementType.Int8 => Tensor.Create(Convert(elements, e => e.TryGetSByte(out var v) ? v : Fail<sbyte>()), shape),
                TensorElementType.UInt64 => Tensor.Create(Convert(elements, e => e.TryGetUInt64(out var v) ? v : Fail<ulong>()), shape),
                TensorElementType.UInt32 => Tensor.Create(Convert(elements, e => e.TryGetUInt32(out var v) ? v : Fail<uint>()), shape),
                TensorElementType.UInt16 => Tensor.Create(Convert(elements, e => e.TryGetUInt16(out var v) ? v : Fail<ushort>()), shape),
                TensorElementType.UInt8 => Tensor.Create(Convert(elements, e => e.TryGetByte(out var v) ? v : Fail<byte>()), shape),
                TensorElementType.Bool => Tensor.Create(Convert(elements, e => e.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => Fail<bool>(),
                }), shape),
                TensorElementType.String => Tensor.FromStrings(
                    [.. elements.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : Fail<string>())], shape),
                _ => throw ProblemException.Invalid("inputs", $"Input '{name}' has datatype {input.Datatype}, which the API cannot feed to ONNX Runtime."),
            };
        }
        catch (BadElementException bad)
        {
            var raw = elements[bad.Index].GetRawText();
            throw ProblemException.Invalid("inputs",
                $"Input '{name}' element {bad.Index} is not a valid {input.Datatype} value: {(raw.Length > 40 ? raw[..40] + "..." : raw)}.");
        }
    }

    private static Tensor ReadBinary(string name, TensorElementType type, string datatype, long[] shape, long count, ReadOnlySpan<byte> bytes)
    {
        if (type == TensorElementType.String)
        {
            var strings = BinaryTensorData.ReadStrings(bytes)
                ?? throw ProblemException.Invalid("inputs", $"Input '{name}': its binary BYTES data is not a sequence of 4-byte lengths and strings.");
            return strings.Length == count
                ? Tensor.FromStrings(strings, shape)
                : throw ProblemException.Invalid("inputs", $"Input '{name}' has {strings.Length} binary strings, but shape {ShapeText(shape)} holds {count}.");
        }

        var expectedBytes = count * (type is TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 ? 4
            : type is TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 ? 8
            : type is TensorElementType.Float16 or TensorElementType.Int16 or TensorElementType.UInt16 ? 2 : 1);
        if (bytes.Length != expectedBytes)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' has {bytes.Length} bytes of binary data, but {count} {datatype} elements "
                + $"of shape {ShapeText(shape)} take {expectedBytes}.");
        }

        if (type == TensorElementType.Bool && bytes.IndexOfAnyExcept((byte)0, (byte)1) is var bad and >= 0)
        {
            throw ProblemException.Invalid("inputs", $"Input '{name}' element {bad} is not a valid BOOL byte (0 or 1): {bytes[bad]}.");
        }

        return Tensor.FromBytes(type, bytes, shape);
    }

    /// <summary>The elements of flat or nested arrays in row-major order (a scalar is one element).</summary>
    private static IEnumerable<JsonElement> Flatten(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            if (data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                yield return data;
            }

            yield break;
        }

        foreach (var item in data.EnumerateArray())
        {
            foreach (var element in Flatten(item))
            {
                yield return element;
            }
        }
    }

    private static bool Finite(JsonElement element, double max, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && Math.Abs(value) <= max;
    }

    private static T[] Convert<T>(List<JsonElement> elements, Func<JsonElement, T> convert)
    {
        var result = new T[elements.Count];
        for (var i = 0; i < result.Length; i++)
        {
            try
            {
                result[i] = convert(elements[i]);
            }
            catch (BadElementException)
            {
                throw new BadElementException(i);
            }
            catch (InvalidOperationException)
            {
                throw new BadElementException(i);
            }
        }

        return result;
    }

    private static T Fail<T>() => throw new BadElementException(-1);

    private sealed class BadElementException(int index) : Exception(index.ToString(CultureInfo.InvariantCulture))
    {
        public int Index { get; } = index;
    }
}
