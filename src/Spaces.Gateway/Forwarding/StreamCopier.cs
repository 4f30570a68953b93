using System.Buffers;
using System.IO.Pipelines;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>How a one-way copy ended.</summary>
internal enum StreamCopyStatus
{
    /// <summary>The source ended normally.</summary>
    Completed,

    /// <summary>Reading the source failed.</summary>
    SourceFailed,

    /// <summary>Writing or flushing the destination failed (or it was completed: the client is gone).</summary>
    DestinationFailed,

    /// <summary>The token was cancelled.</summary>
    Canceled,
}

/// <summary>Copies bodies as they arrive, flushing after every read so streamed output (SSE, tokens) is not held back.</summary>
internal static class StreamCopier
{
    public const int BufferSize = 64 * 1024;

    /// <summary>
    /// Copies a response body into the client's response pipe until it ends. Each piece is written and flushed in one call
    /// (<see cref="PipeWriter.WriteAsync"/>: a separate FlushAsync costs Kestrel a second pass per chunk), so streamed output (SSE,
    /// tokens) is never held back — except for a body the upstream announced as at most one buffer long
    /// (<paramref name="smallBody"/>): it is only written, and Kestrel sends it with the headers when the response ends.
    /// </summary>
    /// <returns>How it ended, the error if any, and whether any bytes went into <paramref name="destination"/> (then no error page
    /// can follow: the bytes cannot be taken back).</returns>
    public static async ValueTask<(StreamCopyStatus Status, Exception? Error, bool Wrote)> CopyAsync(
        ResponseBodyReader source, PipeWriter destination, bool smallBody, CancellationToken cancellationToken)
    {
        var wrote = false;
        while (true)
        {
            ReadOnlyMemory<byte> piece;
            try
            {
                piece = await source.ReadAsync();
            }
            catch (Exception ex)
            {
                return (cancellationToken.IsCancellationRequested ? StreamCopyStatus.Canceled : StreamCopyStatus.SourceFailed, ex, wrote);
            }

            if (piece.IsEmpty)
            {
                return (StreamCopyStatus.Completed, null, wrote);
            }

            wrote = true;
            try
            {
                if (smallBody)
                {
                    destination.Write(piece.Span);
                    continue;
                }

                var flush = await destination.WriteAsync(piece, cancellationToken);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return (cancellationToken.IsCancellationRequested ? StreamCopyStatus.Canceled : StreamCopyStatus.DestinationFailed, null, wrote);
                }
            }
            catch (Exception ex)
            {
                return (cancellationToken.IsCancellationRequested ? StreamCopyStatus.Canceled : StreamCopyStatus.DestinationFailed, ex, wrote);
            }
        }
    }

    /// <summary>
    /// Copies one direction of an upgraded connection until the source ends. It waits for data with a zero-byte read before renting
    /// the buffer, so idle WebSockets (most of them, most of the time) hold no buffer.
    /// </summary>
    public static async Task<(StreamCopyStatus Status, Exception? Error)> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[]? buffer = null;
            try
            {
                int read;
                try
                {
                    _ = await source.ReadAsync(Memory<byte>.Empty, cancellationToken);
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                }
                catch (Exception ex)
                {
                    return (cancellationToken.IsCancellationRequested ? StreamCopyStatus.Canceled : StreamCopyStatus.SourceFailed, ex);
                }

                if (read == 0)
                {
                    return (StreamCopyStatus.Completed, null);
                }

                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    await destination.FlushAsync(cancellationToken);
                }
                catch (Exception ex)
                {
                    return (cancellationToken.IsCancellationRequested ? StreamCopyStatus.Canceled : StreamCopyStatus.DestinationFailed, ex);
                }
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }
}
