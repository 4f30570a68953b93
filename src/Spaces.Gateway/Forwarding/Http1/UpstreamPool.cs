using System.Net;
using System.Net.Sockets;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// The idle connections to one upstream (host and port), most recently used first out, so a steady load keeps reusing a warm few and
/// the rest age out.
/// </summary>
internal sealed class UpstreamPool : IDisposable
{
    // How many of the most recent idle connections a request on an engine thread looks through for one of its own thread.
    private const int AffinityScan = 16;

    private readonly List<UpstreamConnection> _idle = [];
    private readonly EndPoint _endPoint;
    private readonly bool _inlineCompletions;
    private volatile bool _disposed;
    private long _lastUsed;

    public UpstreamPool(string host, int port, bool inlineCompletions = false)
    {
        Host = host;
        Port = port;
        _inlineCompletions = inlineCompletions;
        _endPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
    }

    public string Host { get; }

    /// <summary>When a request last asked for this upstream (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastUsed { get => Volatile.Read(ref _lastUsed); set => Volatile.Write(ref _lastUsed, value); }

    /// <summary>Whether the pool was closed (retired or disposed): connections returned to it are closed.</summary>
    public bool IsClosed => _disposed;

    public int Port { get; }

    /// <summary>How many connections idle in the pool.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>
    /// Takes the most recently returned idle connection, if any. A request served on a socket engine's thread (a client connection
    /// with inline completions) takes, among the most recent few, one whose answers also complete on that thread: the whole exchange then
    /// stays on one thread, as in an event-loop server, instead of waking another one for the answer.
    /// </summary>
    public UpstreamConnection? TryTake()
    {
        var thread = Thread.CurrentThread.IsThreadPoolThread ? -1 : Environment.CurrentManagedThreadId;
        lock (_idle)
        {
            if (_idle.Count == 0)
            {
                return null;
            }

            var index = _idle.Count - 1;
            if (thread != -1)
            {
                for (var i = index; i >= Math.Max(0, _idle.Count - AffinityScan); i--)
                {
                    if (_idle[i].EngineThread == thread)
                    {
                        index = i;
                        break;
                    }
                }
            }

            var connection = _idle[index];
            _idle.RemoveAt(index);
            return connection;
        }
    }

    /// <summary>
    /// Opens a new connection (TCP_NODELAY: a request head must not wait for an acknowledgement), with inline completions when the pool
    /// was made with them (<see cref="ForwarderOptions.InlineUpstreamCompletions"/>).
    /// </summary>
    public async ValueTask<UpstreamConnection> ConnectAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var socket = _endPoint is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (_inlineCompletions)
            {
                InlineSocketCompletions.TryPrefer(socket);
            }

            using var timer = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
            try
            {
                await socket.ConnectAsync(_endPoint, linked.Token);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut, $"Connecting to {Host}:{Port} took longer than {timeout}.");
            }

            return new UpstreamConnection(socket, this);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Puts a connection that finished its request cleanly back; closes it when the pool is gone.</summary>
    public void Return(UpstreamConnection connection, long now)
    {
        connection.IdleSince = now;
        lock (_idle)
        {
            if (!_disposed)
            {
                _idle.Add(connection);
                return;
            }
        }

        connection.Dispose();
    }

    /// <summary>Closes the connections idle since before <paramref name="idleSinceBefore"/> (they are at the front: the list is a stack).</summary>
    public void CloseIdleSince(long idleSinceBefore)
    {
        List<UpstreamConnection>? expired = null;
        lock (_idle)
        {
            var count = 0;
            while (count < _idle.Count && _idle[count].IdleSince < idleSinceBefore)
            {
                count++;
            }

            if (count > 0)
            {
                expired = _idle.GetRange(0, count);
                _idle.RemoveRange(0, count);
            }
        }

        expired?.ForEach(c => c.Dispose());
    }

    /// <summary>
    /// Closes the pool when no connection idles in it and no request asked for it since <paramref name="unusedSince"/> (the Space
    /// behind the port is gone or moved); a connection still in use is closed when returned. True when it closed.
    /// </summary>
    public bool TryRetire(long unusedSince)
    {
        lock (_idle)
        {
            if (_idle.Count > 0 || LastUsed >= unusedSince)
            {
                return false;
            }

            _disposed = true;
            return true;
        }
    }

    /// <summary>Closes every idle connection and any returned later.</summary>
    public void Dispose()
    {
        UpstreamConnection[] idle;
        lock (_idle)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }
}
