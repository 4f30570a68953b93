namespace Spaces.Web.Live;

/// <summary>Forwards a live sequence to a writer, and writes a keep-alive whenever nothing was written for an interval.</summary>
public static class KeepAliveStream
{
    /// <summary>
    /// Runs until <paramref name="source"/> ends or <paramref name="cancellationToken"/> fires (the client went away: not an error).
    /// </summary>
    public static async Task PumpAsync<T>(
        IAsyncEnumerable<T> source,
        Func<T, Task> write,
        Func<Task> keepAlive,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = source.GetAsyncEnumerator(stop.Token);
        var next = items.MoveNextAsync().AsTask();
        try
        {
            var wroteSinceTick = false;
            var tick = Task.Delay(interval, time, stop.Token);
            while (true)
            {
                var done = await Task.WhenAny(next, tick);
                if (done == next)
                {
                    if (!await next)
                    {
                        return;
                    }

                    await write(items.Current);
                    wroteSinceTick = true;
                    next = items.MoveNextAsync().AsTask();
                }
                else
                {
                    await tick;
                    if (!wroteSinceTick)
                    {
                        await keepAlive();
                    }

                    wroteSinceTick = false;
                    tick = Task.Delay(interval, time, stop.Token);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The client disconnected.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // Stopped above.
            }

            await items.DisposeAsync();
        }
    }
}
