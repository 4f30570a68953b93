using Microsoft.Extensions.Options;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Onnx;
using Spaces.Onnx.Caching;

namespace Spaces.Web.Api.Inference;

/// <summary>
/// The inference API's open sessions: an <see cref="OrtSessionCache"/> over the process's <see cref="OrtRuntime"/>, created on first
/// use so that a missing native library is reported to callers (503) instead of stopping the platform.
/// </summary>
internal sealed partial class InferenceSessions(IServiceProvider services, IOptions<InferenceApiOptions> options, ILogger<InferenceSessions> logger)
    : IDisposable
{
    private readonly Lock _lock = new();
    private OrtSessionCache? _cache;

    /// <summary>A lease on the session of <paramref name="model"/>, loading the model file from git when it is not open.</summary>
    /// <exception cref="InferenceUnavailableException">The native runtime is not available.</exception>
    /// <exception cref="ProblemException">The model file is over the size limit (413).</exception>
    /// <exception cref="OnnxException">ORT refused the model.</exception>
    public Task<OrtSessionLease> GetAsync(ModelRevision model, RepoStorage storage, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (model.Size > limits.MaxModelBytes)
        {
            throw new ProblemException(ProblemKind.TooLarge,
                $"{model.Path} of {model.ModelId} is {model.Size:N0} bytes; the inference API opens models up to {limits.MaxModelBytes:N0} bytes.");
        }

        return Cache().GetAsync(model.CacheKey, model.Size, async ct =>
        {
            await using var blob = storage.Open(model.Repo).OpenBlob(model.BlobId);
            var buffer = new MemoryStream(checked((int)model.Size));
            await blob.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }, cancellationToken);
    }

    public void Dispose() => _cache?.Dispose();

    private OrtSessionCache Cache()
    {
        lock (_lock)
        {
            if (_cache is not null)
            {
                return _cache;
            }

            OrtRuntime runtime;
            try
            {
                runtime = services.GetRequiredService<OrtRuntime>();
            }
            catch (OnnxException missing)
            {
                Log.RuntimeMissing(logger, missing.Message);
                throw new InferenceUnavailableException($"The ONNX runtime is not available on this server: {missing.Message}");
            }

            var limits = options.Value;
            _cache = new OrtSessionCache(runtime, limits.MaxCachedModelBytes,
                new OrtSessionOptions { IntraOpThreads = limits.IntraOpThreads, Optimization = GraphOptimizationLevel.All });
            return _cache;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Inference API: the ONNX runtime could not be loaded: {Message}")]
        public static partial void RuntimeMissing(ILogger logger, string message);
    }
}
