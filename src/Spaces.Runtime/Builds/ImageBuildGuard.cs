namespace Spaces.Runtime.Builds;

/// <summary>
/// Keeps the removal of a deleted Space's images apart from image builds. Spaces share cached layers (same base, same first steps),
/// and removing a tagged image also removes its untagged parents: a build reusing such a layer at that moment fails with the
/// engine's "unknown parent image ID". Builds run side by side; a removal waits until none runs, and new builds wait for a
/// removal that waits (removals are short; builds would otherwise keep it waiting forever).
/// </summary>
public sealed class ImageBuildGuard
{
    private readonly Lock _lock = new();
    private int _builds;
    private bool _removing;
    private int _removalsWaiting;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds under way now.</summary>
    public int RunningBuilds
    {
        get
        {
            lock (_lock)
            {
                return _builds;
            }
        }
    }

    /// <summary>Enters an image build (waits while a removal runs); dispose the result when the build ends.</summary>
    public async Task<IDisposable> EnterBuildAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!_removing && _removalsWaiting == 0)
                {
                    _builds++;
                    return new Exit(this, build: true);
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Enters a removal once no build runs; dispose the result when the removal ends.</summary>
    public async Task<IDisposable> EnterRemovalAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (TryTakeRemoval())
            {
                return new Exit(this, build: false);
            }

            _removalsWaiting++;
        }

        try
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (TryTakeRemoval())
                    {
                        _removalsWaiting--;
                        return new Exit(this, build: false);
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _removalsWaiting--;
            }

            Leave(build: null); // Builds held back by this removal may go.
            throw;
        }
    }

    /// <summary>Enters a removal when no build runs now; null otherwise (the caller tries again later).</summary>
    public IDisposable? TryEnterRemoval()
    {
        lock (_lock)
        {
            return TryTakeRemoval() ? new Exit(this, build: false) : null;
        }
    }

    private bool TryTakeRemoval()
    {
        if (_removing || _builds > 0)
        {
            return false;
        }

        _removing = true;
        return true;
    }

    // build: true a build ended, false a removal ended, null nothing ended but waiters should look again.
    private void Leave(bool? build)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (build == true)
            {
                _builds--;
            }
            else if (build == false)
            {
                _removing = false;
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Exit(ImageBuildGuard guard, bool build) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                guard.Leave(build);
            }
        }
    }
}
