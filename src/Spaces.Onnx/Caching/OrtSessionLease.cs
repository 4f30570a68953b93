namespace Spaces.Onnx.Caching;

/// <summary>A session borrowed from an <see cref="OrtSessionCache"/>; dispose it to give it back.</summary>
public sealed class OrtSessionLease : IDisposable
{
    private readonly OrtSessionCache _cache;
    private readonly OrtSessionCache.Entry _entry;
    private int _released;

    internal OrtSessionLease(OrtSessionCache cache, OrtSessionCache.Entry entry, OrtSession session)
    {
        _cache = cache;
        _entry = entry;
        Session = session;
    }

    /// <summary>The session; valid until this lease is disposed.</summary>
    public OrtSession Session { get; }

    /// <summary>The cache key (the model revision).</summary>
    public string Key => _entry.Key;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _cache.Release(_entry);
        }
    }
}
