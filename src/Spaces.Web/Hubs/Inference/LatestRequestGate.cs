using Microsoft.AspNetCore.SignalR;

namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// Per connection, lets one recognition run at a time and drops requests that a newer one overtook while they waited: while the
/// user draws, only the latest picture matters.
/// </summary>
internal sealed class LatestRequestGate : IDisposable
{
    private static readonly object Key = new();

    private readonly SemaphoreSlim _running = new(1, 1);
    private long _latest;

    /// <summary>The gate of the caller's connection (kept in the connection's items, gone with the connection).</summary>
    public static LatestRequestGate Of(HubCallerContext context)
    {
        lock (context.Items)
        {
            if (context.Items.TryGetValue(Key, out var existing) && existing is LatestRequestGate gate)
            {
                return gate;
            }
            var created = new LatestRequestGate();
            context.Items[Key] = created;
            return created;
        }
    }

    /// <summary>Registers an arriving request; the ticket is superseded once a later request arrives.</summary>
    public long Arrive() => Interlocked.Increment(ref _latest);

    /// <summary>True when a request arrived after the one holding <paramref name="ticket"/>.</summary>
    public bool IsSuperseded(long ticket) => Volatile.Read(ref _latest) != ticket;

    /// <summary>Waits for the running request of this connection to finish; dispose the result to let the next one run.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        return new Exit(_running);
    }

    public void Dispose() => _running.Dispose();

    private sealed class Exit(SemaphoreSlim running) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                running.Release();
            }
        }
    }
}
