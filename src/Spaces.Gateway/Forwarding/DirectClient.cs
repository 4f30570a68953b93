using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// A client connection the gateway reads itself, as the forwarder's direct path uses it from one request to the next: its address, and
/// one cancellation for all its requests — the client going away, the caller's token, or an upstream's answer not arriving within the
/// response-headers timeout (watched by <see cref="ConnectionDeadlines"/>) — made once per connection instead of once per request.
/// After a timeout the cancellation stays cancelled: the connection ends after its 504.
/// </summary>
internal sealed class DirectClient : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly ConnectionDeadlines.Watch _headersWatch;
    private readonly CancellationToken _caller;

    public DirectClient(ConnectionContext connection, ConnectionDeadlines deadlines, CancellationToken caller)
    {
        Connection = connection;
        _caller = caller;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, caller);
        _headersWatch = deadlines.Add(static s => ((DirectClient)s).OnHeadersTimeout(), this);
        RemoteAddress = (connection.RemoteEndPoint as IPEndPoint)?.Address;
    }

    /// <summary>The connection.</summary>
    public ConnectionContext Connection { get; }

    /// <summary>The client's address (X-Forwarded-For).</summary>
    public IPAddress? RemoteAddress { get; }

    /// <summary>Cancelled when the client goes away, the caller cancels, or an answer is overdue.</summary>
    public CancellationToken Token => _cancellation.Token;

    public bool ClientAborted => Connection.ConnectionClosed.IsCancellationRequested;

    public bool CallerCanceled => _caller.IsCancellationRequested;

    public bool TimedOut => _headersWatch.Expired;

    /// <summary>Starts waiting for an upstream's response head.</summary>
    public void StartHeadersTimer(TimeSpan timeout) => _headersWatch.Start(timeout);

    /// <summary>The head arrived (or the exchange failed first).</summary>
    public void StopHeadersTimer() => _headersWatch.Stop();

    private void OnHeadersTimeout() => _cancellation.Cancel();

    public void Dispose()
    {
        _headersWatch.Dispose();
        _cancellation.Dispose();
    }
}
