using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Onnx;
using Spaces.Onnx.Pipelines.Ocr;

namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// Opens model repos for the inference hub: checks the caller may read the repo (a private or absent one is "not found"), reads the
/// card and files of its head commit from git, and keeps the opened revisions (LRU, <see cref="InferenceOptions.MaxOpenModels"/>).
/// The model file is <c>inference.model</c> when the card names it, else <c>model.onnx</c>, else the repo's only <c>.onnx</c> file.
/// </summary>
internal sealed partial class InferenceModels(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<InferenceModels> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(long RepoId, string Commit), Task<LoadedModel>> _models = [];

    /// <summary>The repo the caller may read, or a hub error saying it was not found.</summary>
    public async Task<Repo> FindReadableAsync(ClaimsPrincipal? user, string modelId, CancellationToken cancellationToken)
    {
        if (modelId?.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            throw new HubException($"Model '{modelId}' not found: model ids look like owner/name.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var actor = await HubActors.ResolveAsync(user, scope.ServiceProvider, cancellationToken);
        try
        {
            return await scope.ServiceProvider.GetRequiredService<RepoService>().GetReadableAsync(actor, RepoType.Model, owner, name, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            throw new HubException($"Model {modelId} not found.");
        }
    }

    /// <summary>The head revision of <paramref name="repo"/>, opened for the widget <paramref name="kind"/>; dispose the lease after use.</summary>
    public async Task<ModelLease> OpenAsync(Repo repo, ModelWidgetKind kind, CancellationToken cancellationToken)
    {
        var commit = repo.HeadCommit ?? throw new HubException($"Model {repo.FullName} has no commit yet.");
        while (true)
        {
            Task<LoadedModel> loading;
            lock (_lock)
            {
                if (!_models.TryGetValue((repo.Id, commit), out loading!))
                {
                    loading = LoadAsync(repo, commit);
                    _models[(repo.Id, commit)] = loading;
                }
            }
            LoadedModel model;
            try
            {
                model = await loading.WaitAsync(cancellationToken);
            }
            catch (Exception) when (loading.IsFaulted)
            {
                lock (_lock)
                {
                    // A failed load is not cached: the next call tries again (the repo may have been fixed).
                    if (_models.TryGetValue((repo.Id, commit), out var current) && current == loading)
                    {
                        _models.Remove((repo.Id, commit));
                    }
                }
                throw;
            }
            if (model.Kind != kind)
            {
                throw new HubException(
                    $"Model {repo.FullName} has no {Describe(kind)} widget: its card says pipeline_tag '{model.Card.PipelineTag ?? "(none)"}'.");
            }
            if (model.TryLease(time.GetTimestamp()) is { } lease)
            {
                EvictOverCapacity();
                return lease;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var loading in _models.Values.Where(t => t.IsCompletedSuccessfully))
            {
                loading.Result.Evict();
            }
            _models.Clear();
        }
    }

    private async Task<LoadedModel> LoadAsync(Repo repo, string commit)
    {
        await Task.Yield();
        var started = time.GetTimestamp();
        var git = services.GetRequiredService<RepoStorage>().Open(repo);
        var readme = await git.ReadFileAsync(commit, "README.md");
        var parsed = ModelCard.Parse(readme is null ? null : Encoding.UTF8.GetString(readme));
        var card = parsed.Card ?? throw new HubException($"The model card of {repo.FullName} has errors: {parsed.ErrorMessage}");
        var kind = ModelWidgetKinds.Choose(card);
        if (kind == ModelWidgetKind.None)
        {
            throw new HubException($"Model {repo.FullName} has no widget: its card says pipeline_tag '{card.PipelineTag ?? "(none)"}'.");
        }
        var modelPath = await ModelFileAsync(git, commit, card, repo.FullName);
        var bytes = await ReadAsync(git, commit, modelPath, repo.FullName);
        OrtSession session;
        try
        {
            session = Runtime().OpenSession(bytes);
        }
        catch (OnnxException invalid)
        {
            throw new HubException($"ONNX Runtime cannot load {modelPath} of {repo.FullName}: {invalid.Message}");
        }
        try
        {
            TextLineRecognizer? recognizer = null;
            if (kind == ModelWidgetKind.Ocr)
            {
                var keysPath = ModelWidgetKinds.AlphabetPath(card)
                    ?? throw new HubException($"The card of {repo.FullName} names no inference.preprocessing.alphabet (the recognizer's keys file).");
                var keys = await ReadAsync(git, commit, keysPath, repo.FullName);
                recognizer = new TextLineRecognizer(session, CtcAlphabet.Parse(Encoding.UTF8.GetString(keys)));
            }
            else
            {
                // Checks the inputs now, so a wrong model fails here and not in the middle of a stream.
                _ = new Spaces.Onnx.Pipelines.Vad.SileroVad(session);
            }
            Log.Loaded(logger, repo.FullName, commit, modelPath, time.GetElapsedTime(started).TotalMilliseconds);
            return new LoadedModel(repo.FullName, commit, card, kind, session, recognizer);
        }
        catch (ArgumentException invalid)
        {
            session.Dispose();
            throw new HubException($"Model {repo.FullName} does not fit its widget: {invalid.Message}");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private OrtRuntime Runtime()
    {
        try
        {
            return services.GetRequiredService<OrtRuntime>();
        }
        catch (Exception exception) when (exception is OnnxException or DllNotFoundException or InvalidOperationException or FileNotFoundException)
        {
            Log.RuntimeMissing(logger, exception.Message);
            throw new HubException($"The ONNX runtime is not available on this server: {exception.Message}");
        }
    }

    private static async Task<string> ModelFileAsync(Spaces.Core.Repositories.Git.GitRepository git, string commit, ModelCard card, string modelId)
    {
        if (card.Inference?.Extra.TryGetValue("model", out var named) == true && named is string { Length: > 0 } path)
        {
            return path;
        }
        var files = await git.ListTreeAsync(commit, recursive: true);
        var onnx = files.Where(f => f.Type == TreeEntryType.File && f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)).ToList();
        return onnx.FirstOrDefault(f => f.Path == "model.onnx")?.Path
            ?? (onnx.Count == 1 ? onnx[0].Path : throw new HubException(onnx.Count == 0
                ? $"Model {modelId} has no .onnx file."
                : $"Model {modelId} has {onnx.Count} .onnx files and no model.onnx: name one as inference.model in the card."));
    }

    private async Task<byte[]> ReadAsync(Spaces.Core.Repositories.Git.GitRepository git, string commit, string path, string modelId)
    {
        var entry = await git.GetFileAsync(commit, path) ?? throw new HubException($"Model {modelId} has no file {path}.");
        if (entry.Size > options.Value.MaxModelBytes)
        {
            throw new HubException($"{path} of {modelId} is {entry.Size} bytes, more than the {options.Value.MaxModelBytes} the widgets load.");
        }
        return await git.ReadFileAsync(commit, path) ?? throw new HubException($"Model {modelId} has no file {path}.");
    }

    private void EvictOverCapacity()
    {
        List<LoadedModel> evicted = [];
        lock (_lock)
        {
            var loaded = _models.Where(p => p.Value.IsCompletedSuccessfully).Select(p => (p.Key, Model: p.Value.Result)).ToList();
            var excess = _models.Count - Math.Max(1, options.Value.MaxOpenModels);
            foreach (var (key, model) in loaded.Where(m => !m.Model.InUse).OrderBy(m => m.Model.LastUsed).Take(Math.Max(0, excess)))
            {
                _models.Remove(key);
                evicted.Add(model);
            }
        }
        foreach (var model in evicted)
        {
            Log.Evicted(logger, model.ModelId, model.Commit);
            model.Evict();
        }
    }

    private static string Describe(ModelWidgetKind kind) => kind == ModelWidgetKind.Ocr ? "text recognition" : "voice activity";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Opened model {ModelId} at {Commit} ({Path}) in {Milliseconds:F0} ms.")]
        public static partial void Loaded(ILogger logger, string modelId, string commit, string path, double milliseconds);

        [LoggerMessage(2, LogLevel.Debug, "Closed model {ModelId} at {Commit} (least recently used).")]
        public static partial void Evicted(ILogger logger, string modelId, string commit);

        [LoggerMessage(3, LogLevel.Warning, "The ONNX runtime could not be loaded: {Reason}")]
        public static partial void RuntimeMissing(ILogger logger, string reason);
    }
}
