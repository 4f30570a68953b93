using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// Sends the incoming request body to the upstream as it arrives (never buffered whole): as is when its length is known, chunked
/// otherwise; cut when it grows past the limit. Remembers whether a failure came from the client's side or from the upstream's.
/// </summary>
internal sealed class RequestBodySender
{
    // Room for the chunk-size line before the data ("ffffffff\r\n") and the CRLF after it, inside one 64 KiB pooled array.
    private const int ChunkPrefix = 10;
    private const int BufferSize = (64 * 1024) - ChunkPrefix - 2;

    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly Stream _source;
    private readonly long _limit;
    private readonly long _length;
    private readonly Action? _progress;

    /// <param name="source">The incoming body.</param>
    /// <param name="length">Its length, or -1 to send it chunked.</param>
    /// <param name="limit">The most bytes forwarded.</param>
    /// <param name="progress">Called after each piece reached the upstream's socket.</param>
    public RequestBodySender(Stream source, long length, long limit, Action? progress = null)
    {
        _source = source;
        _length = length;
        _limit = limit;
        _progress = progress;
    }

    /// <summary>Whether reading the body began (it cannot be sent again: no retry on another connection).</summary>
    public bool Started { get; private set; }

    /// <summary>The body grew past the limit; the copy was stopped.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>Reading the client's body failed (it went away, or sent a malformed body); null otherwise.</summary>
    public Exception? ClientFailure { get; private set; }

    /// <summary>Sending to the upstream failed; null otherwise.</summary>
    public Exception? UpstreamFailure { get; private set; }

    /// <summary>
    /// Copies the body to <paramref name="connection"/>. Never throws: a failure is recorded and the connection aborted, so a response
    /// read waiting on the same connection ends too — unless the upstream's side failed, when its response (e.g. an early 413) may still
    /// be on its way.
    /// </summary>
    public async Task SendAsync(UpstreamConnection connection, CancellationToken cancellationToken)
    {
        Started = true;
        var chunked = _length < 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize + ChunkPrefix + 2);
        try
        {
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await _source.ReadAsync(buffer.AsMemory(ChunkPrefix, BufferSize), cancellationToken);
                }
                catch (Exception ex)
                {
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        TooLarge = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
                        ClientFailure = ex;
                    }

                    connection.Abort();
                    return;
                }

                total += read;
                if (total > _limit)
                {
                    TooLarge = true;
                    ClientFailure = new BadHttpRequestException("The request body is larger than allowed.", StatusCodes.Status413PayloadTooLarge);
                    connection.Abort();
                    return;
                }

                try
                {
                    if (!chunked)
                    {
                        if (read == 0)
                        {
                            return;
                        }

                        await connection.SendAsync(buffer.AsMemory(ChunkPrefix, read));
                        _progress?.Invoke();
                        continue;
                    }

                    if (read == 0)
                    {
                        await connection.SendAsync(LastChunk);
                        _progress?.Invoke();
                        return;
                    }

                    // "{size:x}\r\n" right before the data, "\r\n" right after: one send per chunk.
                    read.TryFormat(buffer.AsSpan(0, ChunkPrefix - 2), out var digits, "x", CultureInfo.InvariantCulture);
                    var start = ChunkPrefix - digits - 2;
                    buffer.AsSpan(0, digits).CopyTo(buffer.AsSpan(start));
                    buffer[ChunkPrefix - 2] = (byte)'\r';
                    buffer[ChunkPrefix - 1] = (byte)'\n';
                    buffer[ChunkPrefix + read] = (byte)'\r';
                    buffer[ChunkPrefix + read + 1] = (byte)'\n';
                    await connection.SendAsync(buffer.AsMemory(start, ChunkPrefix - start + read + 2));
                    _progress?.Invoke();
                }
                catch (Exception ex)
                {
                    UpstreamFailure = ex;
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
