using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Docker.Transport;

/// <summary>
/// One GET to the engine over a blocking socket, for a dedicated reader thread: sends the request, reads the response head,
/// then serves the body through blocking <see cref="Read(Span{byte})"/> calls, whatever its framing (until close,
/// Content-Length or chunked). Blocking reads wait in the kernel, not in .NET's socket engine, so no thread-pool thread wakes
/// per packet. <see cref="Abort"/> may be called from any thread and makes a blocked read end with cancellation.
/// </summary>
internal sealed class BlockingHttpConnection : Stream
{
    private const int BufferSize = 64 * 1024;
    private const int MaxErrorBody = 1024 * 1024;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private BodyFraming _framing;
    private long _remaining;
    private bool _chunkNeedsCrlf;
    private volatile bool _aborted;

    private enum BodyFraming
    {
        UntilClose,
        ContentLength,
        Chunked,
        Done,
    }

    public BlockingHttpConnection(DockerEndpoint endpoint)
    {
        _socket = endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    }

    /// <summary>Called right before a read that would block with nothing buffered (the moment to hand over batched work).</summary>
    public Action? Starving { get; set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Connects (blocking), giving up after <paramref name="timeout"/>; failures name the endpoint.</summary>
    public void Connect(DockerEndpoint endpoint, EndPoint target, TimeSpan timeout)
    {
        // 0 connecting, 1 connected, 2 timed out: whichever side moves first wins, so a late timer never aborts a good connection.
        var state = 0;
        using var timer = new Timer(_ =>
        {
            if (Interlocked.CompareExchange(ref state, 2, 0) == 0)
            {
                Abort();
            }
        }, null, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            _socket.Connect(target);
            if (Interlocked.CompareExchange(ref state, 1, 0) == 0)
            {
                return;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (Volatile.Read(ref state) != 2)
            {
                ThrowIfAborted();
                var reason = ex is SocketException socketError ? endpoint.DescribeConnectFailure(socketError) : ex.Message;
                throw new DockerUnreachableException(endpoint.Display, reason, ex);
            }
        }
        throw new DockerUnreachableException(endpoint.Display, $"no connection within {timeout.TotalSeconds:0.#} s");
    }

    /// <summary>Sends <c>GET target</c> and reads the response head; returns the status code.</summary>
    public HttpStatusCode Get(string target)
    {
        // HTTP/1.0: the engine answers with the raw body, closed by EOF (no per-frame chunk headers to strip).
        var request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.0\r\nHost: docker\r\nUser-Agent: Spaces.Docker/1.0\r\n\r\n");
        try
        {
            var sent = 0;
            while (sent < request.Length)
            {
                sent += _socket.Send(request.AsSpan(sent));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            ThrowIfAborted();
            throw new DockerStreamException($"The connection to the engine broke while sending the request: {ex.Message}", ex);
        }
        return ReadHead();
    }

    /// <summary>Reads the rest of the body as text (an error answer's JSON).</summary>
    public string ReadBodyAsString()
    {
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (body.Length < MaxErrorBody && (read = Read(chunk)) > 0)
        {
            body.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>True when body bytes are buffered or arrive within <paramref name="microseconds"/>.</summary>
    public bool WaitForData(int microseconds)
    {
        if (_end > _start)
        {
            return true;
        }
        try
        {
            return _socket.Poll(microseconds, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true; // The next read reports it.
        }
    }

    /// <summary>Closes the socket from any thread; a blocked read then throws <see cref="OperationCanceledException"/>.</summary>
    public void Abort()
    {
        _aborted = true;
        try
        {
            // Shutdown wakes a thread blocked in recv/poll; closing alone would not on Linux.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Not connected yet, or already closed.
        }
        _socket.Dispose();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        switch (_framing)
        {
            case BodyFraming.UntilClose:
                return _end > _start ? TakeBuffered(buffer) : Receive(buffer);
            case BodyFraming.ContentLength:
                if (_remaining == 0)
                {
                    return 0;
                }
                var limited = buffer[..(int)Math.Min(buffer.Length, _remaining)];
                var read = _end > _start ? TakeBuffered(limited) : Receive(limited);
                if (read == 0)
                {
                    throw new DockerStreamException($"The engine's answer ended {_remaining} bytes short of its Content-Length.");
                }
                _remaining -= read;
                return read;
            case BodyFraming.Chunked:
                return ReadChunked(buffer);
            default:
                return 0;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
        }
        base.Dispose(disposing);
    }

    private HttpStatusCode ReadHead()
    {
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end == _buffer.Length)
            {
                throw new DockerStreamException($"The engine's response head is larger than {BufferSize} bytes.");
            }
            if (!Fill())
            {
                throw new DockerStreamException("The engine closed the connection before answering.");
            }
        }
        var lines = Encoding.ASCII.GetString(_buffer, 0, headEnd).Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new DockerStreamException($"The engine answered with a malformed status line: '{lines[0]}'.");
        }
        _start = headEnd + 4;
        _framing = BodyFraming.UntilClose;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                _framing = BodyFraming.Chunked;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && _framing != BodyFraming.Chunked
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                _framing = BodyFraming.ContentLength;
                _remaining = length;
            }
        }
        if (code is 204 or 304 || code < 200)
        {
            _framing = BodyFraming.Done;
        }
        return (HttpStatusCode)code;
    }

    /// <summary>Copies chunk payloads into <paramref name="buffer"/>; blocks only when nothing has been copied yet.</summary>
    private int ReadChunked(Span<byte> buffer)
    {
        var copied = 0;
        while (copied < buffer.Length && _framing == BodyFraming.Chunked)
        {
            if (_remaining > 0)
            {
                if (_end == _start)
                {
                    if (copied > 0)
                    {
                        break;
                    }
                    if (!Fill())
                    {
                        throw new DockerStreamException("The engine's chunked answer ended inside a chunk.");
                    }
                }
                var n = (int)Math.Min(Math.Min(_remaining, _end - _start), buffer.Length - copied);
                _buffer.AsSpan(_start, n).CopyTo(buffer[copied..]);
                _start += n;
                _remaining -= n;
                copied += n;
                _chunkNeedsCrlf = _remaining == 0;
                continue;
            }
            if (!TryTakeLine(mayBlock: copied == 0, out var line))
            {
                break;
            }
            if (_chunkNeedsCrlf)
            {
                _chunkNeedsCrlf = false;
                if (line.Length != 0)
                {
                    throw new DockerStreamException("The engine's chunked answer is malformed (no CRLF after a chunk).");
                }
                continue;
            }
            var sizeText = line.Split(';', 2)[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new DockerStreamException($"The engine's chunked answer has a malformed chunk size '{sizeText}'.");
            }
            if (size == 0)
            {
                // Trailers (normally none), then the blank line that ends the body.
                while (TryTakeLine(mayBlock: true, out var trailer) && trailer.Length > 0)
                {
                }
                _framing = BodyFraming.Done;
                break;
            }
            _remaining = size;
        }
        return copied;
    }

    /// <summary>Takes one CRLF-terminated line from the buffer, reading more when allowed; false when it would have to wait.</summary>
    private bool TryTakeLine(bool mayBlock, out string line)
    {
        int newline;
        while ((newline = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (!mayBlock)
            {
                line = "";
                return false;
            }
            if (_start == 0 && _end == _buffer.Length)
            {
                throw new DockerStreamException("The engine's chunked answer has an overlong chunk header.");
            }
            if (!Fill())
            {
                throw new DockerStreamException("The engine's chunked answer ended before its last chunk.");
            }
        }
        line = Encoding.ASCII.GetString(_buffer, _start, newline);
        _start += newline + 2;
        return true;
    }

    private int TakeBuffered(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    /// <summary>Reads more into the internal buffer (compacting it first); false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var read = Receive(_buffer.AsSpan(_end));
        _end += read;
        return read > 0;
    }

    private int Receive(Span<byte> destination)
    {
        int read;
        try
        {
            if (Starving is { } starving && _socket.Available == 0)
            {
                starving();
            }
            read = _socket.Receive(destination);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            ThrowIfAborted();
            throw new DockerStreamException($"The connection to the engine broke: {ex.Message}", ex);
        }
        if (read == 0)
        {
            // After Abort the socket reads as closed: that is a cancellation, not the end of the body.
            ThrowIfAborted();
        }
        return read;
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new OperationCanceledException("The engine request was cancelled.");
        }
    }
}
