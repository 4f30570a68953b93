namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// One request and its response on an upstream connection: takes an idle connection or opens one, sends the head and then the body
/// (concurrently with reading the answer, so an upstream that streams its answer while it reads — an echo — never waits for the whole
/// upload), and reads the response head. A pooled connection the upstream closed while it idled is replaced once by a new one, when
/// nothing of the request body was consumed yet. At the end the connection goes back to its pool if the exchange left it clean (whole
/// body sent, response read to its framed end, keep-alive), else it is closed.
/// </summary>
internal sealed class UpstreamExchange : IDisposable
{
    private readonly UpstreamPools _pools;
    private readonly UpstreamTarget _target;
    private readonly RequestBodySender? _body;
    private readonly CancellationToken _cancellationToken;
    private readonly bool _upgrade;
    private CancellationTokenSource? _bodyCancellation;
    private Task? _bodyTask;
    private CancellationTokenRegistration _registration;
    private UpstreamConnection? _connection;

    public UpstreamExchange(UpstreamPools pools, UpstreamTarget target, RequestBodySender? body, bool upgrade, CancellationToken cancellationToken)
    {
        _pools = pools;
        _target = target;
        _body = body;
        _upgrade = upgrade;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The connection carrying the exchange; its <see cref="UpstreamConnection.Head"/> is the response's once sent.</summary>
    public UpstreamConnection Connection => _connection ?? throw new InvalidOperationException("No connection.");

    /// <summary>
    /// Sends the request (head, then the body in the background) and reads the response head; the body reader is then ready for a
    /// request with <paramref name="method"/>. Throws when the upstream cannot be reached or fails before its head.
    /// </summary>
    public async Task SendAsync(ReadOnlyMemory<byte> head, string method, TimeSpan connectTimeout, TimeProvider timeProvider)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = attempt == 0 ? TakeIdle() : null;
            connection ??= await _target.Pool.ConnectAsync(connectTimeout, timeProvider, _cancellationToken);
            Attach(connection);
            try
            {
                await connection.SendAsync(head);
                if (_body is not null)
                {
                    _bodyCancellation = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
                    _bodyTask = _body.SendAsync(connection, _bodyCancellation.Token);
                }

                // The head's receives are awaited here: one asynchronous frame fewer per request than a method of the connection's.
                while (!connection.TryReadResponseHead())
                {
                    var pending = connection.StartReceive(out var waited);
                    connection.ReceivedForHead(await pending.ConfigureAwait(false), waited);
                }
                connection.Body.Start(connection, connection.Head.Framing(method), connection.Head.ContentLength);
                return;
            }
            catch (Exception) when (attempt == 0 && connection.Reused && !connection.ReceivedAny && _body is not { Started: true }
                && !_cancellationToken.IsCancellationRequested)
            {
                // The upstream closed this pooled connection while it idled (a restart, its keep-alive timeout): try a new one.
                _registration.Dispose();
                connection.Dispose();
                _connection = null;
            }
        }
    }

    private UpstreamConnection? TakeIdle()
    {
        while (_target.Pool.TryTake() is { } idle)
        {
            // A body can be read from the client only once: before sending one, make sure the connection was not closed meanwhile.
            if (_body is null || idle.LooksAlive())
            {
                return idle;
            }

            idle.Dispose();
        }

        return null;
    }

    private void Attach(UpstreamConnection connection)
    {
        _connection = connection;
        connection.BeginRequest();
        _registration = _cancellationToken.UnsafeRegister(static c => ((UpstreamConnection)c!).Abort(), connection);
    }

    /// <summary>
    /// Ends the exchange: stops sending a body the upstream no longer waits for, then returns the connection to its pool when it is
    /// clean or closes it. Safe to call more than once.
    /// </summary>
    public async Task EndAsync()
    {
        var reusable = true;
        if (_bodyTask is { } bodyTask)
        {
            if (!bodyTask.IsCompleted)
            {
                // The upstream answered before taking the whole body: the rest is not wanted, and the connection cannot be reused.
                reusable = false;
                await _bodyCancellation!.CancelAsync();
            }

            await bodyTask;
            _bodyTask = null;
            reusable &= _body is { ClientFailure: null, UpstreamFailure: null };
        }

        _bodyCancellation?.Dispose();
        _bodyCancellation = null;
        if (_connection is not { } connection)
        {
            return;
        }

        _connection = null;
        _registration.Dispose();
        reusable &= !_upgrade && !connection.IsAborted && connection.Head is { AllowsReuse: true, StatusCode: >= 200 }
            && connection.Body.EndedCleanly && !connection.HasLeftover;
        if (reusable)
        {
            _pools.Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>Closes whatever <see cref="EndAsync"/> did not get to (an exception on the way).</summary>
    public void Dispose()
    {
        _bodyCancellation?.Cancel();
        _registration.Dispose();
        _connection?.Dispose();
        _connection = null;
    }
}
