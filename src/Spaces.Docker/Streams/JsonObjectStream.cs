using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Spaces.Docker.Streams;

/// <summary>
/// Reads a stream of JSON values sent one after another (build progress, events, stats) as they arrive: values may split
/// across reads at any byte; nothing waits for the end of the body. A body ending inside a value is an error.
/// </summary>
internal static class JsonObjectStream
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxValueSize = 64 * 1024 * 1024;

    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        Stream stream, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                while (TryReadValue(buffer.AsSpan(start, end - start), typeInfo, isFinalBlock: false, out var value, out var consumed))
                {
                    start += consumed;
                    yield return value;
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        if (buffer.Length >= MaxValueSize)
                        {
                            throw new DockerStreamException($"A JSON value from the engine is larger than {MaxValueSize} bytes.");
                        }
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (TryReadValue(buffer.AsSpan(start, end - start), typeInfo, isFinalBlock: true, out var last, out _))
                    {
                        yield return last;
                    }
                    yield break;
                }
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Finds one complete JSON value at the start of <paramref name="data"/> (after whitespace) and deserializes it.
    /// False when only whitespace or an incomplete value is there; at the final block, an incomplete value throws.
    /// </summary>
    internal static bool TryReadValue<T>(ReadOnlySpan<byte> data, JsonTypeInfo<T> typeInfo, bool isFinalBlock, out T value, out int consumed)
    {
        value = default!;
        consumed = 0;
        if (isFinalBlock && data.Trim(" \t\r\n"u8).IsEmpty)
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(data, isFinalBlock, default);
            if (!reader.Read())
            {
                return false;
            }
            var valueStart = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                if (isFinalBlock)
                {
                    throw new DockerStreamException("The engine's JSON stream ended inside a value.");
                }
                return false;
            }
            consumed = (int)reader.BytesConsumed;
            value = JsonSerializer.Deserialize(data[valueStart..consumed], typeInfo)
                ?? throw new DockerStreamException("The engine's JSON stream held a null value.");
            return true;
        }
        catch (JsonException ex) when (isFinalBlock)
        {
            throw new DockerStreamException($"The engine's JSON stream ended inside a value: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new DockerStreamException($"The engine sent malformed JSON: {ex.Message}", ex);
        }
    }
}
