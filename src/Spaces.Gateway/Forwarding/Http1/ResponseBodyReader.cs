using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// Reads one response body off an <see cref="UpstreamConnection"/> as its framing says (a length, chunks, or until close), handing out
/// the received bytes in place: each piece is a slice of the connection's buffer, valid until the next read.
/// </summary>
internal sealed class ResponseBodyReader
{
    private UpstreamConnection _connection = null!;
    private BodyFraming _framing;
    private long _remaining;
    private ChunkState _chunkState;

    private enum ChunkState
    {
        Header,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>Trailer fields after a chunked body (empty until it ended).</summary>
    public List<(string Name, string Value)> Trailers { get; } = [];

    /// <summary>Whether the body was read to its end as framed.</summary>
    public bool Completed { get; private set; }

    /// <summary>Whether the body ended where its framing said, so the connection can carry another request.</summary>
    public bool EndedCleanly => Completed && _framing != BodyFraming.UntilClose;

    public void Start(UpstreamConnection connection, BodyFraming framing, long contentLength)
    {
        _connection = connection;
        _framing = framing;
        _remaining = framing == BodyFraming.ContentLength ? contentLength : 0;
        _chunkState = ChunkState.Header;
        Trailers.Clear();
        Completed = framing == BodyFraming.None || (framing == BodyFraming.ContentLength && contentLength == 0);
    }

    /// <summary>
    /// The next piece of the body, empty at its end. Throws <see cref="UpstreamProtocolException"/> when the upstream breaks the framing
    /// (closes early, sends a malformed chunk), and the socket's exceptions when the connection fails.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync()
    {
        if (Completed)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        switch (_framing)
        {
            case BodyFraming.ContentLength:
                if (_connection.Buffered.IsEmpty && await _connection.ReceiveAsync() == 0)
                {
                    throw new UpstreamProtocolException($"The upstream closed the connection {_remaining} bytes before the end of the body.");
                }

                return TakeData(ref _remaining, endsBody: true);
            case BodyFraming.UntilClose:
                if (_connection.Buffered.IsEmpty && await _connection.ReceiveAsync() == 0)
                {
                    Completed = true;
                    return ReadOnlyMemory<byte>.Empty;
                }

                var all = _connection.BufferedMemory;
                _connection.Consume(all.Length);
                return all;
            default:
                return await ReadChunkedAsync();
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync()
    {
        while (true)
        {
            switch (_chunkState)
            {
                case ChunkState.Header:
                    if (TryParseChunkHeader())
                    {
                        continue;
                    }

                    break;
                case ChunkState.Data:
                    if (!_connection.Buffered.IsEmpty)
                    {
                        return TakeData(ref _remaining, endsBody: false);
                    }

                    break;
                case ChunkState.DataEnd:
                    if (TryConsumeLineEnd())
                    {
                        _chunkState = ChunkState.Header;
                        continue;
                    }

                    break;
                case ChunkState.Trailers:
                    if (ResponseHeadParser.TryParseTrailers(_connection.Buffered, Trailers, out var consumed))
                    {
                        _connection.Consume(consumed);
                        _chunkState = ChunkState.Done;
                        Completed = true;
                        return ReadOnlyMemory<byte>.Empty;
                    }

                    break;
            }

            if (await _connection.ReceiveAsync() == 0)
            {
                throw new UpstreamProtocolException("The upstream closed the connection before the last chunk of the body.");
            }
        }
    }

    private ReadOnlyMemory<byte> TakeData(ref long remaining, bool endsBody)
    {
        var available = _connection.BufferedMemory;
        var count = (int)Math.Min(available.Length, remaining);
        _connection.Consume(count);
        remaining -= count;
        if (remaining == 0)
        {
            if (endsBody)
            {
                Completed = true;
            }
            else
            {
                _chunkState = ChunkState.DataEnd;
            }
        }

        return available[..count];
    }

    /// <summary>chunk-size [ chunk-ext ] CRLF; false when the line has not fully arrived.</summary>
    private bool TryParseChunkHeader()
    {
        if (!ResponseHeadParser.TryReadLine(_connection.Buffered, 0, out var line, out var next))
        {
            return false;
        }

        var digits = line;
        var end = line.IndexOfAny(";\t "u8);
        if (end >= 0)
        {
            digits = line[..end];
        }

        if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'x') || used != digits.Length)
        {
            throw new UpstreamProtocolException("The upstream sent an invalid chunk size.");
        }

        _connection.Consume(next);
        _remaining = size;
        _chunkState = size == 0 ? ChunkState.Trailers : ChunkState.Data;
        return true;
    }

    /// <summary>The CRLF after a chunk's data; false when it has not fully arrived.</summary>
    private bool TryConsumeLineEnd()
    {
        var buffered = _connection.Buffered;
        if (buffered.IsEmpty || (buffered[0] == '\r' && buffered.Length < 2))
        {
            return false;
        }

        var length = buffered[0] == '\n' ? 1 : buffered[0] == '\r' && buffered[1] == '\n' ? 2 : 0;
        if (length == 0)
        {
            throw new UpstreamProtocolException("The upstream sent chunk data longer than its chunk size.");
        }

        _connection.Consume(length);
        return true;
    }
}
