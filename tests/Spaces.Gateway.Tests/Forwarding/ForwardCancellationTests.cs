using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>A forwarded request's cancellation, reused from one request to the next on a thread, on the system's real timers.</summary>
public sealed class ForwardCancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_reused_cancellation_times_out_after_its_own_wait_not_the_previous_requests()
    {
        var first = ForwardCancellation.Rent(CancellationToken.None, CancellationToken.None, TimeProvider.System);
        first.StartHeadersTimer(Timeout);
        Thread.Sleep(600);
        first.StopHeadersTimer();
        first.Dispose();

        var second = ForwardCancellation.Rent(CancellationToken.None, CancellationToken.None, TimeProvider.System);
        Assert.Same(first, second);
        second.StartHeadersTimer(Timeout);
        // Past the first request's deadline: its timer was moved, so nothing fires yet.
        Thread.Sleep(600);
        Assert.False(second.Token.IsCancellationRequested);

        Assert.True(second.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
        Assert.True(second.TimedOut);
        second.Dispose();

        // Cancelled: never handed out again.
        using var third = ForwardCancellation.Rent(CancellationToken.None, CancellationToken.None, TimeProvider.System);
        Assert.NotSame(second, third);
        Assert.False(third.Token.IsCancellationRequested);
        Assert.False(third.TimedOut);
    }

    [Fact]
    public void A_cancellation_the_client_aborted_is_not_reused_and_a_clean_one_starts_clean()
    {
        using var client = new CancellationTokenSource();
        var aborted = ForwardCancellation.Rent(client.Token, CancellationToken.None, TimeProvider.System);
        client.Cancel();
        Assert.True(aborted.Token.IsCancellationRequested);
        Assert.True(aborted.ClientAborted);
        aborted.Dispose();

        using var caller = new CancellationTokenSource();
        var next = ForwardCancellation.Rent(CancellationToken.None, caller.Token, TimeProvider.System);
        Assert.NotSame(aborted, next);
        next.Dispose();

        // The clean one is reused, and the tokens of its last request no longer reach it.
        var again = ForwardCancellation.Rent(CancellationToken.None, CancellationToken.None, TimeProvider.System);
        Assert.Same(next, again);
        caller.Cancel();
        Assert.False(again.Token.IsCancellationRequested);
        Assert.False(again.CallerCanceled);
        again.Dispose();
    }

    // Callers' tokens are registered through a source of the thread's own, linked once per token.
    [Fact]
    public void The_callers_token_still_cancels_every_forward_that_was_given_it()
    {
        using var stopping = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        using var first = ForwardCancellation.Rent(CancellationToken.None, stopping.Token, TimeProvider.System);
        using var second = ForwardCancellation.Rent(CancellationToken.None, other.Token, TimeProvider.System);
        using var third = ForwardCancellation.Rent(CancellationToken.None, stopping.Token, TimeProvider.System);

        stopping.Cancel();

        Assert.True(first.Token.IsCancellationRequested);
        Assert.True(first.CallerCanceled);
        Assert.True(third.Token.IsCancellationRequested);
        Assert.False(second.Token.IsCancellationRequested);
        other.Cancel();
        Assert.True(second.Token.IsCancellationRequested);
    }
}
