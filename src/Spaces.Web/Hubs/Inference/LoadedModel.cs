using Spaces.Core.Config;
using Spaces.Onnx;
using Spaces.Onnx.Pipelines.Ocr;

namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// One revision of a model repo, opened: its card, widget kind, session and (for OCR) recognizer. Callers hold a
/// <see cref="ModelLease"/>; the cache disposes the session only once it is evicted and no lease is out.
/// </summary>
internal sealed class LoadedModel(string modelId, string commit, ModelCard card, ModelWidgetKind kind, OrtSession session, TextLineRecognizer? recognizer)
{
    private readonly Lock _lock = new();
    private int _leases;
    private bool _evicted;
    private bool _disposed;

    public string ModelId { get; } = modelId;

    public string Commit { get; } = commit;

    public ModelCard Card { get; } = card;

    public ModelWidgetKind Kind { get; } = kind;

    public OrtSession Session { get; } = session;

    public TextLineRecognizer? Recognizer { get; } = recognizer;

    public long LastUsed { get; private set; }

    public bool InUse
    {
        get
        {
            lock (_lock)
            {
                return _leases > 0;
            }
        }
    }

    /// <summary>A lease, or null when the model was already evicted and disposed (the caller loads it again).</summary>
    public ModelLease? TryLease(long now)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return null;
            }
            _leases++;
            LastUsed = now;
            return new ModelLease(this);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _leases--;
            DisposeIfDone();
        }
    }

    /// <summary>Marks the model evicted: disposed now if unused, else when the last lease is released.</summary>
    public void Evict()
    {
        lock (_lock)
        {
            _evicted = true;
            DisposeIfDone();
        }
    }

    private void DisposeIfDone()
    {
        if (_evicted && _leases == 0 && !_disposed)
        {
            _disposed = true;
            Session.Dispose();
        }
    }
}

/// <summary>The use of a <see cref="LoadedModel"/> for one call; dispose it when the call ends.</summary>
internal sealed class ModelLease(LoadedModel model) : IDisposable
{
    private int _released;

    public LoadedModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Model.Release();
        }
    }
}
