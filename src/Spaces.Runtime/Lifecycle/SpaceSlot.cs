namespace Spaces.Runtime.Lifecycle;

/// <summary>
/// One Space's serialisation: a gate only one operation holds at a time, and the token of the long operation under way
/// (a build wait, a health probe, a crash backoff) that the next control cancels before it waits for the gate.
/// </summary>
internal sealed class SpaceSlot(CancellationToken stopping)
{
    private readonly Lock _lock = new();

    // Never disposed: tokens handed out may still be checked after a newer operation took over.
    private CancellationTokenSource _operation = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>Held by whoever changes the Space's containers or stage.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The token of the operation under way (cancelled when a newer one supersedes it or the platform stops).</summary>
    public CancellationToken Current
    {
        get
        {
            lock (_lock)
            {
                return _operation.Token;
            }
        }
    }

    /// <summary>Cancels the operation under way and returns the token of the new one.</summary>
    public CancellationToken Supersede()
    {
        CancellationTokenSource previous;
        lock (_lock)
        {
            previous = _operation;
            _operation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        previous.Cancel();
        return Current;
    }

    /// <summary>Waits for the gate; dispose the result to release it.</summary>
    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        return new Releaser(Gate);
    }

    /// <summary>Releases the gate when disposed.</summary>
    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => gate.Release();
    }
}
