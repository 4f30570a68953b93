using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Spaces.Web.Api.Inference;

/// <summary>
/// The protocol's binary tensor data extension (as Triton defines it): the JSON part's length in the <c>Inference-Header-Content-Length</c>
/// header, then the raw tensors. An input sends <c>"parameters": {"binary_data_size": N}</c> instead of <c>data</c>; outputs come back
/// binary when the request has <c>"parameters": {"binary_data_output": true}</c> or an output asks <c>"parameters": {"binary_data": true}</c>.
/// Numbers are little-endian, BOOL one byte each, BYTES each a 4-byte little-endian length and then the bytes.
/// </summary>
internal static class BinaryTensorData
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    public static bool Flag(Dictionary<string, JsonElement>? parameters, string name) =>
        parameters is not null && parameters.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The value of an integer parameter, or null when absent; -1 when present but not a non-negative integer.</summary>
    public static long? Size(Dictionary<string, JsonElement>? parameters, string name)
    {
        if (parameters is null || !parameters.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var size) && size >= 0 ? size : -1;
    }

    /// <summary>The strings of a binary BYTES tensor, or null when the bytes are not a sequence of length-prefixed UTF-8 strings.</summary>
    public static string[]? ReadStrings(ReadOnlySpan<byte> bytes)
    {
        var result = new List<string>();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < 4)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            if (length > bytes.Length - 4)
            {
                return null;
            }

            result.Add(Encoding.UTF8.GetString(bytes.Slice(4, (int)length)));
            bytes = bytes[(4 + (int)length)..];
        }

        return [.. result];
    }

    /// <summary>A BYTES tensor as length-prefixed UTF-8 strings.</summary>
    public static byte[] WriteStrings(string[] strings)
    {
        var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var text in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
