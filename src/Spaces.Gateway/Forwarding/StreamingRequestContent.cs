using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// The incoming request body as upstream request content: copied as it arrives (never buffered whole), flushed after each read,
/// cut when it grows past the limit. Remembers whether a failure came from the client's side or from the upstream's.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _source;
    private readonly long _limit;
    private bool _started;

    public StreamingRequestContent(Stream source, long limit)
    {
        _source = source;
        _limit = limit;
    }

    /// <summary>The body grew past the limit; the copy was stopped.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>Reading the client's body failed (it went away, or sent a malformed body); null otherwise.</summary>
    public Exception? ClientFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_started)
        {
            // The body can be read once: the handler must not retry a request whose body was already (partly) sent.
            throw new InvalidOperationException("The request body was already forwarded.");
        }

        _started = true;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await _source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    TooLarge = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
                    ClientFailure = ex;
                    throw;
                }

                if (read == 0)
                {
                    return;
                }

                total += read;
                if (total > _limit)
                {
                    TooLarge = true;
                    ClientFailure = new BadHttpRequestException("The request body is larger than allowed.", StatusCodes.Status413PayloadTooLarge);
                    throw ClientFailure;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown unless the incoming Content-Length was copied onto Headers.ContentLength: then the handler does not ask.
        length = -1;
        return false;
    }
}
