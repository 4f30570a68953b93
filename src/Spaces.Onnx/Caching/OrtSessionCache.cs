namespace Spaces.Onnx.Caching;

/// <summary>
/// Open sessions by model revision (one session per key, e.g. <c>repo id @ commit : path</c>), bounded by the total size of the model
/// files they were opened from, least recently used evicted first. Thread-safe. Concurrent requests for a key that is loading share
/// one load; a failed load is not kept. An evicted session is disposed once the last lease on it is returned, so a run never loses its
/// session. A model larger than the whole budget is still opened (it then evicts every other idle session).
/// </summary>
public sealed class OrtSessionCache : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtSessionOptions? _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;
    private bool _disposed;

    /// <summary>Creates a cache opening sessions on <paramref name="runtime"/> with <paramref name="options"/>.</summary>
    /// <param name="runtime">The runtime sessions are opened on.</param>
    /// <param name="maxModelBytes">Budget: the sum of the model sizes of the cached sessions (ORT's own memory is roughly proportional).</param>
    /// <param name="options">Session options for every session. Default <c>null</c>: ORT's defaults with all graph optimizations.</param>
    public OrtSessionCache(OrtRuntime runtime, long maxModelBytes, OrtSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxModelBytes);
        _runtime = runtime;
        MaxModelBytes = maxModelBytes;
        _options = options;
    }

    /// <summary>The budget in model bytes.</summary>
    public long MaxModelBytes { get; }

    /// <summary>Model bytes of the sessions cached now.</summary>
    public long ModelBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Keys cached now, most recently used first.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _recency.Select(e => e.Key)];
            }
        }
    }

    /// <summary>
    /// The session for <paramref name="key"/>, opened from the bytes <paramref name="loadModel"/> returns when it is not cached.
    /// Dispose the lease when the run is done.
    /// </summary>
    /// <param name="key">Identifies the model revision; the same key must always mean the same model bytes.</param>
    /// <param name="modelBytes">Size of the model file, counted against the budget.</param>
    /// <param name="loadModel">Reads the model file (called at most once per load, not on a hit).</param>
    /// <param name="cancellationToken">Stops waiting; a load already started completes for the other callers.</param>
    /// <exception cref="OnnxException">ORT refused the model.</exception>
    public async Task<OrtSessionLease> GetAsync(
        string key, long modelBytes, Func<CancellationToken, Task<byte[]>> loadModel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(loadModel);
        ArgumentOutOfRangeException.ThrowIfNegative(modelBytes);
        Entry entry;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(key, out var found))
            {
                entry = found;
                _recency.Remove(entry.Node);
                _recency.AddFirst(entry.Node);
            }
            else
            {
                entry = new Entry(key, modelBytes);
                _entries.Add(key, entry);
                _recency.AddFirst(entry.Node);
                _bytes += modelBytes;
                // The load runs without the caller's token: others may be waiting for it too.
                entry.Session = Task.Run(async () => _runtime.OpenSession(await loadModel(CancellationToken.None).ConfigureAwait(false), _options));
            }

            entry.Leases++;
            EvictOverBudget(except: entry);
        }

        try
        {
            var session = await entry.Session!.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new OrtSessionLease(this, entry, session);
        }
        catch
        {
            lock (_lock)
            {
                if (entry.Session!.IsFaulted && _entries.TryGetValue(key, out var current) && current == entry)
                {
                    Remove(entry);
                }
            }

            Release(entry);
            throw;
        }
    }

    /// <summary>Disposes every idle session now and the others when their leases are returned.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var entry in _recency.ToList())
            {
                Remove(entry);
            }
        }
    }

    internal void Release(Entry entry)
    {
        bool dispose;
        lock (_lock)
        {
            entry.Leases--;
            dispose = entry.Leases == 0 && entry.Evicted;
        }

        if (dispose)
        {
            DisposeSession(entry);
        }
    }

    private void EvictOverBudget(Entry except)
    {
        for (var node = _recency.Last; node is not null && _bytes > MaxModelBytes;)
        {
            var previous = node.Previous;
            if (node.Value != except)
            {
                Remove(node.Value);
            }

            node = previous;
        }
    }

    /// <summary>Takes an entry out of the cache (under the lock); its session is disposed now if idle, else by the last lease.</summary>
    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node);
        _bytes -= entry.ModelBytes;
        entry.Evicted = true;
        if (entry.Leases == 0)
        {
            DisposeSession(entry);
        }
    }

    private static void DisposeSession(Entry entry)
    {
        // A session still loading is disposed when its load completes.
        entry.Session?.ContinueWith(
            static t => t.Result.Dispose(),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    internal sealed class Entry
    {
        public Entry(string key, long modelBytes)
        {
            Key = key;
            ModelBytes = modelBytes;
            Node = new LinkedListNode<Entry>(this);
        }

        public string Key { get; }

        public long ModelBytes { get; }

        public LinkedListNode<Entry> Node { get; }

        public Task<OrtSession>? Session { get; set; }

        public int Leases { get; set; }

        public bool Evicted { get; set; }
    }
}
