using System.Text.Json;
using Spaces.Onnx;

namespace Spaces.Web.Api.Inference;

/// <summary>
/// Writes an inference answer straight to the response body: <c>{"model_name", "model_version", "id"?, "outputs": [{"name", "datatype",
/// "shape", "data"}]}</c>, data flat in row-major order. Non-finite floats, which JSON numbers cannot hold, are written as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>. Outputs asked for as binary (<see cref="BinaryTensorData"/>) carry
/// <c>"parameters": {"binary_data_size": N}</c> instead of data, and their bytes follow the JSON part.
/// </summary>
internal static class InferResponseWriter
{
    private const int FlushBytes = 64 * 1024;

    public static async Task WriteAsync(
        HttpResponse response, ModelRevision model, string? id, IReadOnlyList<string> names, IReadOnlyDictionary<string, Tensor> outputs,
        IReadOnlySet<string> binary, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        if (binary.Count == 0)
        {
            response.ContentType = "application/json; charset=utf-8";
            await WriteJsonAsync(response.Body, model, id, names, outputs, binary, cancellationToken);
            return;
        }

        var blobs = names.Where(binary.Contains).Select(n => Bytes(outputs[n])).ToList();
        var header = new MemoryStream();
        await WriteJsonAsync(header, model, id, names, outputs, binary, cancellationToken);
        response.ContentType = "application/octet-stream";
        response.Headers[BinaryTensorData.HeaderLengthHeader] = header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentLength = header.Length + blobs.Sum(b => (long)b.Length);
        await response.Body.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken);
        foreach (var blob in blobs)
        {
            await response.Body.WriteAsync(blob, cancellationToken);
        }
    }

    private static ReadOnlyMemory<byte> Bytes(Tensor tensor) =>
        tensor.ElementType == TensorElementType.String ? BinaryTensorData.WriteStrings(tensor.ToStringArray()) : tensor.AsBytes().ToArray();

    private static async Task WriteJsonAsync(
        Stream body, ModelRevision model, string? id, IReadOnlyList<string> names, IReadOnlyDictionary<string, Tensor> outputs,
        IReadOnlySet<string> binary, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString("model_name", model.ModelId);
        writer.WriteString("model_version", model.Commit);
        if (id is not null)
        {
            writer.WriteString("id", id);
        }

        writer.WriteStartArray("outputs");
        foreach (var name in names)
        {
            var tensor = outputs[name];
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("datatype", OipDataTypes.NameOf(tensor.ElementType));
            writer.WriteStartArray("shape");
            foreach (var dim in tensor.Shape)
            {
                writer.WriteNumberValue(dim);
            }

            writer.WriteEndArray();
            if (binary.Contains(name))
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("binary_data_size", Bytes(tensor).Length);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("data");
                await WriteDataAsync(writer, tensor, cancellationToken);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static Task WriteDataAsync(Utf8JsonWriter writer, Tensor tensor, CancellationToken cancellationToken) => tensor.ElementType switch
    {
        TensorElementType.Float => Write(writer, tensor.ToArray<float>(), static (w, v) => WriteFloat(w, v), cancellationToken),
        TensorElementType.Double => Write(writer, tensor.ToArray<double>(), static (w, v) => WriteFloat(w, v), cancellationToken),
        TensorElementType.Float16 => Write(writer, tensor.ToArray<Half>(), static (w, v) => WriteFloat(w, (float)v), cancellationToken),
        TensorElementType.Int64 => Write(writer, tensor.ToArray<long>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.Int32 => Write(writer, tensor.ToArray<int>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.Int16 => Write(writer, tensor.ToArray<short>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.Int8 => Write(writer, tensor.ToArray<sbyte>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.UInt64 => Write(writer, tensor.ToArray<ulong>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.UInt32 => Write(writer, tensor.ToArray<uint>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.UInt16 => Write(writer, tensor.ToArray<ushort>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.UInt8 => Write(writer, tensor.ToArray<byte>(), static (w, v) => w.WriteNumberValue(v), cancellationToken),
        TensorElementType.Bool => Write(writer, tensor.ToArray<bool>(), static (w, v) => w.WriteBooleanValue(v), cancellationToken),
        TensorElementType.String => Write(writer, tensor.ToStringArray(), static (w, v) => w.WriteStringValue(v), cancellationToken),
        _ => throw new NotSupportedException($"Outputs of {tensor.ElementType} elements cannot be written."),
    };

    private static async Task Write<T>(Utf8JsonWriter writer, T[] values, Action<Utf8JsonWriter, T> write, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Length; i++)
        {
            write(writer, values[i]);
            if (writer.BytesPending > FlushBytes)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
