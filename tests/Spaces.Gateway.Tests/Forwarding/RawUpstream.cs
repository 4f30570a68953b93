using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>
/// A TCP server on 127.0.0.1:0 that answers with exactly the bytes a test scripts: for upstreams that break HTTP, or follow its rarer
/// rules, in ways Kestrel never would. Each accepted connection runs the script; the connections are counted.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    public RawUpstream(Func<RawConnection, Task> script)
    {
        _script = script;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>An upstream that answers the first request head with <paramref name="response"/> and closes the connection.</summary>
    public static RawUpstream AnsweringOnceThenClosing(string response) => new(async c =>
    {
        await c.ReadHeadAsync();
        await c.WriteAsync(response);
        c.Close();
    });

    /// <summary>An upstream that answers every request head it reads with <paramref name="response"/> (bodies are not read).</summary>
    public static RawUpstream AnsweringEach(string response) => new(async c =>
    {
        while (await c.ReadHeadAsync() is not null)
        {
            await c.WriteAsync(response);
        }
    });

    /// <summary>How many connections the gateway opened.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add(RunAsync(new RawConnection(socket)));
            }
        }
    }

    private async Task RunAsync(RawConnection connection)
    {
        using (connection)
        {
            try
            {
                await _script(connection);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The gateway closed its side: the script is over.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}

/// <summary>
/// One connection read and written byte by byte: an accepted connection of a <see cref="RawUpstream"/>, or a test client's
/// (<see cref="Routing.RawClient"/>). Reads heads, lines and bodies off what arrived; writes raw bytes.
/// </summary>
internal sealed class RawConnection(Socket socket) : IDisposable
{
    private readonly MemoryStream _pending = new();

    /// <summary>Whether bytes arrived that were not read yet.</summary>
    public bool HasPending => _pending.Length > 0;

    /// <summary>Reads one head (up to its blank line); null when the other side closed the connection first.</summary>
    public async Task<string?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                Keep(end + 4);
                return text[..(end + 4)];
            }

            if (!await ReceiveAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Reads one line without its CRLF.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                Keep(end + 2);
                return text[..end];
            }

            if (!await ReceiveAsync(cancellationToken))
            {
                throw new IOException("The connection closed in the middle of a line.");
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> body bytes.</summary>
    public async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken = default)
    {
        while (_pending.Length < count)
        {
            if (!await ReceiveAsync(cancellationToken))
            {
                throw new IOException($"The connection closed {count - _pending.Length} bytes before the end of the body.");
            }
        }

        var bytes = _pending.GetBuffer().AsSpan(0, count).ToArray();
        Keep(count);
        return bytes;
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.Latin1.GetBytes(text));

    public async Task WriteAsync(byte[] bytes) => await socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Closes the connection (a FIN, then nothing more).</summary>
    public void Close() => socket.Shutdown(SocketShutdown.Both);

    /// <summary>Waits until the other side closes its side (or sends more), returning true when it closed.</summary>
    public async Task<bool> WaitForCloseAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[1];
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            return false;
        }

        _pending.Position = _pending.Length;
        _pending.Write(buffer, 0, read);
        return true;
    }

    private void Keep(int consumed)
    {
        var rest = _pending.GetBuffer().AsSpan(consumed, (int)_pending.Length - consumed).ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
    }

    public void Dispose() => socket.Dispose();
}
