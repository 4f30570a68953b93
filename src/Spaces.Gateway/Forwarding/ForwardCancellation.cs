namespace Spaces.Gateway.Forwarding;

/// <summary>
/// One forwarded request's cancellation: the client going away, the caller's token, and the response-headers timer, each
/// distinguishable afterwards so the outcome can say which one fired. Reused from one request to the next on a thread
/// (<see cref="Rent"/>, <see cref="Dispose"/>) with its token source and timer, as long as nothing cancelled it: a proxied request would
/// otherwise make seven objects (source, registrations, timer, lock) just to be able to stop. A thread keeps as many spares as it had
/// requests waiting at once (a socket engine thread serves many connections), up to <see cref="MaxSpares"/>.
/// </summary>
internal sealed class ForwardCancellation : IDisposable
{
    private const int MaxSpares = 64;

    [ThreadStatic]
    private static Stack<ForwardCancellation>? t_spares;

    // The caller's token (the platform passes the same one, "stopping", to every forward) seen through a source of this thread's own,
    // linked to it once: registering on one source shared by every thread costs each request a contended lock.
    [ThreadStatic]
    private static (CancellationToken Caller, CancellationTokenSource Link)? t_callerLink;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _timerLock = new();
    private readonly CancellationTokenSource _source = new();
    private CancellationToken _clientAborted;
    private CancellationToken _caller;
    private CancellationTokenRegistration _clientRegistration;
    private CancellationTokenRegistration _callerRegistration;
    private ITimer? _headersTimer;
    private TimeSpan _headersTimeout;
    private long _headersWaitStarted;
    private bool _headersArmed;
    private bool _headersArrived;
    private volatile bool _timedOut;

    private ForwardCancellation(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <summary>A cancellation for one request: one of this thread's spares when it has one for <paramref name="timeProvider"/>, else a new one.</summary>
    public static ForwardCancellation Rent(CancellationToken clientAborted, CancellationToken caller, TimeProvider timeProvider)
    {
        if (t_spares is not { } spares || !spares.TryPeek(out var cancellation) || !ReferenceEquals(cancellation._timeProvider, timeProvider))
        {
            cancellation = new ForwardCancellation(timeProvider);
        }
        else
        {
            spares.Pop();
        }

        cancellation.Begin(clientAborted, caller);
        return cancellation;
    }

    private void Begin(CancellationToken clientAborted, CancellationToken caller)
    {
        _clientAborted = clientAborted;
        _caller = caller;
        _timedOut = false;
        _headersArrived = false;
        _clientRegistration = clientAborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
        _callerRegistration = ThisThreads(caller).UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
    }

    private static CancellationToken ThisThreads(CancellationToken caller)
    {
        if (!caller.CanBeCanceled || caller.IsCancellationRequested)
        {
            return caller;
        }

        if (t_callerLink is not { } link || link.Caller != caller)
        {
            // Another caller token on this thread (a second forwarder's user): the previous link stays with the requests using it.
            link = (caller, CancellationTokenSource.CreateLinkedTokenSource(caller));
            t_callerLink = link;
        }

        return link.Link.Token;
    }

    /// <summary>Cancelled when any of the three fires.</summary>
    public CancellationToken Token => _source.Token;

    public bool ClientAborted => _clientAborted.IsCancellationRequested;

    public bool CallerCanceled => _caller.IsCancellationRequested;

    public bool TimedOut => _timedOut;

    /// <summary>Starts the response-headers timer (not for infinite timeouts, nor once the headers arrived).</summary>
    public void StartHeadersTimer(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_timerLock)
        {
            if (_headersArrived || _headersArmed)
            {
                return;
            }

            _headersTimeout = timeout;
            Arm();
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
            if (_headersArmed && !_headersArrived)
            {
                Arm();
            }
        }
    }

    /// <summary>Stops the timer once headers arrived: a streamed body may last as long as it lasts.</summary>
    public void StopHeadersTimer()
    {
        lock (_timerLock)
        {
            _headersArrived = true;
            if (_headersArmed)
            {
                _headersArmed = false;
                _headersTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    // Under _timerLock. The timer is made once and moved from then on.
    private void Arm()
    {
        _headersArmed = true;
        _headersWaitStarted = _timeProvider.GetTimestamp();
        if (_headersTimer is null)
        {
            // The callback needs no ambient state; not capturing the request's ExecutionContext keeps the timer cheap.
            using (ExecutionContext.SuppressFlow())
            {
                _headersTimer = _timeProvider.CreateTimer(static s => ((ForwardCancellation)s!).OnTimeout(), this, _headersTimeout, Timeout.InfiniteTimeSpan);
            }
        }
        else
        {
            _headersTimer.Change(_headersTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimeout()
    {
        lock (_timerLock)
        {
            // A callback already on its way when the timer was moved (stopped, or armed again: a restart, a later request) is not this
            // wait's: it comes right after the move. (A timer may fire a little before the high-resolution clock says, hence the half.)
            if (!_headersArmed || _timeProvider.GetElapsedTime(_headersWaitStarted) * 2 < _headersTimeout)
            {
                return;
            }

            _headersArmed = false;
            _timedOut = true;
        }

        _source.Cancel();
    }

    /// <summary>Ends the request's use: kept as this thread's spare when nothing cancelled it, else closed.</summary>
    public void Dispose()
    {
        StopHeadersTimer();
        _clientRegistration.Dispose();
        _callerRegistration.Dispose();
        _clientAborted = _caller = default;
        if (!_timedOut && _source.TryReset() && (t_spares ??= new Stack<ForwardCancellation>()).Count < MaxSpares)
        {
            t_spares.Push(this);
            return;
        }

        _headersTimer?.Dispose();
        _source.Dispose();
    }
}
