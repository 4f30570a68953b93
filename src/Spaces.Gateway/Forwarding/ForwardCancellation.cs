namespace Spaces.Gateway.Forwarding;

/// <summary>
/// One forwarded request's cancellation: the client going away, the caller's token, and the response-headers timer, each
/// distinguishable afterwards so the outcome can say which one fired.
/// </summary>
internal sealed class ForwardCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationToken _clientAborted;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenRegistration _clientRegistration;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly Lock _timerLock = new();
    private ITimer? _headersTimer;
    private TimeSpan _headersTimeout;
    private bool _headersArrived;
    private volatile bool _timedOut;

    public ForwardCancellation(CancellationToken clientAborted, CancellationToken caller)
    {
        _clientAborted = clientAborted;
        _caller = caller;
        _clientRegistration = clientAborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
        _callerRegistration = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
    }

    /// <summary>Cancelled when any of the three fires.</summary>
    public CancellationToken Token => _source.Token;

    public bool ClientAborted => _clientAborted.IsCancellationRequested;

    public bool CallerCanceled => _caller.IsCancellationRequested;

    public bool TimedOut => _timedOut;

    /// <summary>Starts the response-headers timer (not for infinite timeouts, nor once the headers arrived).</summary>
    public void StartHeadersTimer(TimeProvider timeProvider, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_timerLock)
        {
            if (_headersArrived || _headersTimer is not null)
            {
                return;
            }

            _headersTimeout = timeout;
            // The callback needs no ambient state; not capturing the request's ExecutionContext keeps the timer cheap.
            using (ExecutionContext.SuppressFlow())
            {
                _headersTimer = timeProvider.CreateTimer(static s => ((ForwardCancellation)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Starts the timer's full wait again: called as request body bytes reach the upstream, so the timeout counts from the end of the
    /// upload (a long upload is not cut; an upstream that stops taking the body is). Safe from any thread.
    /// </summary>
    public void RestartHeadersTimer()
    {
        lock (_timerLock)
        {
            if (!_headersArrived)
            {
                _headersTimer?.Change(_headersTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Stops the timer once headers arrived: a streamed body may last as long as it lasts.</summary>
    public void StopHeadersTimer()
    {
        lock (_timerLock)
        {
            _headersArrived = true;
            _headersTimer?.Dispose();
            _headersTimer = null;
        }
    }

    private void OnTimeout()
    {
        _timedOut = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        StopHeadersTimer();
        _clientRegistration.Dispose();
        _callerRegistration.Dispose();
        _source.Dispose();
    }
}
