using System.Buffers;
using System.Net.Sockets;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// One HTTP/1.1 connection to an upstream: its socket and, while it carries a request, a receive buffer holding the bytes read but
/// not yet consumed. Socket calls take no cancellation token: a request's cancellation aborts the whole connection instead
/// (<see cref="Abort"/>, one registration per request rather than one per read).
/// </summary>
internal sealed class UpstreamConnection : IDisposable
{
    /// <summary>The receive buffer: the largest response head accepted, and the most read from the socket at once.</summary>
    public const int BufferSize = 64 * 1024;

    private readonly Socket _socket;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private int _aborted;

    public UpstreamConnection(Socket socket, UpstreamPool pool)
    {
        _socket = socket;
        Pool = pool;
    }

    /// <summary>The head of the response being read (reused from one request to the next).</summary>
    public ResponseHead Head { get; } = new();

    /// <summary>The reader of the response body being read (reused from one request to the next).</summary>
    public ResponseBodyReader Body { get; } = new();

    /// <summary>The pool the connection returns to.</summary>
    public UpstreamPool Pool { get; }

    /// <summary>Whether it carried a request before the current one (a pooled connection the upstream may have closed meanwhile).</summary>
    public bool Reused { get; private set; }

    /// <summary>
    /// The managed id of the socket engine thread that completed this connection's last waited-for receive inline (with
    /// <see cref="ForwarderOptions.InlineUpstreamCompletions"/>), or -1: its answers are handled there, so a request being served on
    /// that same thread is best paired with it (<see cref="UpstreamPool.TryTake"/>).
    /// </summary>
    public int EngineThread { get; internal set; } = -1;

    /// <summary>When it was last put back into the pool (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Whether any byte arrived for the current request.</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>Whether the connection was aborted or disposed.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>The bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The bytes received and not yet consumed, as memory (valid until the next receive).</summary>
    public ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Whether no more bytes fit after the buffered ones (a head or line longer than <see cref="BufferSize"/>).</summary>
    public bool IsBufferFull => _buffer is { } buffer && _start == 0 && _end == buffer.Length;

    /// <summary>Prepares the connection for a request: a receive buffer, and whether it is a reuse.</summary>
    public void BeginRequest()
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        ReceivedAny = false;
    }

    /// <summary>Marks the request done and gives the buffer back while the connection idles (only when nothing is left in it).</summary>
    public void EndRequest()
    {
        Reused = true;
        if (_buffer is not null && _start == _end)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _start = _end = 0;
        }
    }

    /// <summary>Whether bytes are left over after a response ended (an upstream that sent more than it framed: not reusable).</summary>
    public bool HasLeftover => _end > _start;

    /// <summary>Consumes <paramref name="count"/> buffered bytes.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>
    /// Receives more bytes after the buffered ones (moving them to the front first when the buffer's end is reached); returns how many
    /// arrived, 0 when the upstream closed its side.
    /// </summary>
    public async ValueTask<int> ReceiveAsync()
    {
        var pending = StartReceive(out var waited);
        return Received(await pending.ConfigureAwait(false), waited);
    }

    /// <summary>
    /// Parses the response head from the buffered bytes into <see cref="Head"/>, skipping interim (1xx but 101) responses; false when
    /// more bytes are needed (<see cref="StartReceive"/>). Throws for a head larger than the buffer.
    /// </summary>
    public bool TryReadResponseHead()
    {
        while (ResponseHeadParser.TryParse(Buffered, Head, out var consumed))
        {
            Consume(consumed);
            if (!Head.IsInterim)
            {
                return true;
            }
        }

        if (IsBufferFull)
        {
            throw new UpstreamProtocolException($"The upstream's response head is larger than {BufferSize} bytes.");
        }

        return false;
    }

    /// <summary>
    /// The socket's own receive of more bytes after the buffered ones, for the caller to await directly (the head's receives: no
    /// asynchronous frame of their own per request); hand its result and <paramref name="waited"/> to <see cref="ReceivedForHead"/>.
    /// </summary>
    public ValueTask<int> StartReceive(out bool waited)
    {
        var pending = _socket.ReceiveAsync(FreeSpace(), SocketFlags.None);
        waited = !pending.IsCompleted;
        return pending;
    }

    /// <summary>Counts the bytes <see cref="StartReceive"/> brought; throws when the upstream closed before its head ended.</summary>
    public void ReceivedForHead(int received, bool waited)
    {
        if (Received(received, waited) == 0)
        {
            throw new UpstreamProtocolException(ReceivedAny ? "The upstream closed the connection in the middle of its response head." : "The upstream closed the connection without answering.");
        }
    }

    // The free part of the receive buffer after the buffered bytes, moved to the front first when they reach its end.
    private Memory<byte> FreeSpace()
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The connection carries no request.");
        if (_end == buffer.Length && _start > 0)
        {
            Buffer.BlockCopy(buffer, _start, buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == buffer.Length)
        {
            throw new UpstreamProtocolException($"The upstream sent a head or chunk line longer than {BufferSize} bytes.");
        }

        return buffer.AsMemory(_end);
    }

    // Counts bytes that arrived. A receive that waited for epoll and completed off the pool ran on the thread of the socket engine this
    // socket is registered with (continuations are not sent back to a caller's context: ConfigureAwait(false)).
    private int Received(int received, bool waited)
    {
        if (waited && !Thread.CurrentThread.IsThreadPoolThread)
        {
            EngineThread = Environment.CurrentManagedThreadId;
        }

        _end += received;
        ReceivedAny |= received > 0;
        return received;
    }

    /// <summary>Receives into <paramref name="destination"/> directly (an upgraded connection's raw bytes, once the buffer is drained).</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> destination) => _socket.ReceiveAsync(destination, SocketFlags.None);

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None);
            data = data[sent..];
        }
    }

    /// <summary>
    /// Whether an idle connection still looks usable: the upstream sent nothing (a pooled connection has no response pending; a readable
    /// socket means it was closed or sent garbage). One poll system call; used before requests whose body could not be sent twice.
    /// </summary>
    public bool LooksAlive()
    {
        try
        {
            return !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the socket: pending sends and receives fail at once. Safe to call from any thread, any number of times.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Closes the connection and gives its buffer back (only when no operation can be using it any more).</summary>
    public void Dispose()
    {
        Abort();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
