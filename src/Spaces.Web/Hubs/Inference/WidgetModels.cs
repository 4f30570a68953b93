using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Onnx;
using Spaces.Onnx.Caching;
using Spaces.Onnx.Pipelines.Ocr;
using Spaces.Web.Api.Inference;

namespace Spaces.Web.Hubs.Inference;

/// <summary>
/// Opens model repos for the widgets with the inference API's own pieces, so both share one session per model revision: the repo the
/// caller may read and its model file (<see cref="InferenceModelFiles"/>: a private or absent repo is "not found"), the session
/// (<see cref="InferenceSessions"/>), plus what only widgets need, read once per commit: the card's widget kind and the recognizer's
/// keys file.
/// </summary>
internal sealed class WidgetModels(IServiceScopeFactory scopes, InferenceModelFiles files, InferenceSessions sessions)
{
    private const int MaxRemembered = 1_000;
    private readonly ConcurrentDictionary<string, Task<WidgetRevision>> _revisions = new();

    /// <summary>The head revision of <paramref name="modelId"/> opened for <paramref name="kind"/>; dispose it after use.</summary>
    /// <exception cref="HubException">Not found, not this kind of widget, too large, or the runtime or the model cannot be loaded.</exception>
    public async Task<WidgetModel> OpenAsync(ClaimsPrincipal? user, string modelId, ModelWidgetKind kind, CancellationToken cancellationToken)
    {
        if (modelId?.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            throw new HubException($"Model '{modelId}' not found: model ids look like owner/name.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var storage = scope.ServiceProvider.GetRequiredService<RepoStorage>();
        try
        {
            var actor = await HubActors.ResolveAsync(user, scope.ServiceProvider, cancellationToken);
            var revision = await files.FindAsync(
                scope.ServiceProvider.GetRequiredService<RepoService>(), storage, actor, new ModelRoute(owner, name, null, ModelAction.Infer), cancellationToken);
            var widget = await WidgetRevisionAsync(revision, storage);
            if (widget.Kind != kind)
            {
                throw new HubException(widget.Kind == ModelWidgetKind.None
                    ? $"Model {revision.ModelId} has no widget: its card says pipeline_tag '{widget.PipelineTag ?? "(none)"}'."
                    : $"Model {revision.ModelId} has no {Describe(kind)} widget: its card says pipeline_tag '{widget.PipelineTag}'.");
            }
            var lease = await sessions.GetAsync(revision, storage, cancellationToken);
            try
            {
                return new WidgetModel(lease, widget.Alphabet);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }
        catch (ProblemException problem)
        {
            throw new HubException(problem.Message);
        }
        catch (InferenceUnavailableException unavailable)
        {
            throw new HubException(unavailable.Message);
        }
        catch (OnnxException invalid)
        {
            throw new HubException($"ONNX Runtime cannot load the model file of {modelId}: {invalid.Message}");
        }
    }

    private Task<WidgetRevision> WidgetRevisionAsync(ModelRevision revision, RepoStorage storage)
    {
        if (_revisions.Count >= MaxRemembered)
        {
            _revisions.Clear();
        }
        var key = revision.CacheKey;
        if (_revisions.TryGetValue(key, out var known))
        {
            return known;
        }
        var loading = ReadAsync(revision, storage);
        if (!_revisions.TryAdd(key, loading))
        {
            return _revisions.TryGetValue(key, out var raced) ? raced : loading;
        }
        // A failed read is not kept: the next call tries again (the repo may have been fixed by a new commit anyway).
        loading.ContinueWith(t => _revisions.TryRemove(new KeyValuePair<string, Task<WidgetRevision>>(key, t)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return loading;
    }

    private static async Task<WidgetRevision> ReadAsync(ModelRevision revision, RepoStorage storage)
    {
        var git = storage.Open(revision.Repo);
        var readme = await git.ReadFileAsync(revision.Commit, "README.md");
        var parsed = ModelCard.Parse(readme is null ? null : Encoding.UTF8.GetString(readme));
        var card = parsed.Card ?? throw new HubException($"The model card of {revision.ModelId} has errors: {parsed.ErrorMessage}");
        var kind = ModelWidgetKinds.Choose(card);
        CtcAlphabet? alphabet = null;
        if (kind == ModelWidgetKind.Ocr)
        {
            var path = ModelWidgetKinds.AlphabetPath(card)
                ?? throw new HubException($"The card of {revision.ModelId} names no inference.preprocessing.alphabet (the recognizer's keys file).");
            var keys = await git.ReadFileAsync(revision.Commit, path)
                ?? throw new HubException($"The card of {revision.ModelId} names the keys file {path}, which does not exist.");
            alphabet = CtcAlphabet.Parse(Encoding.UTF8.GetString(keys));
        }
        return new WidgetRevision(kind, card.PipelineTag, alphabet);
    }

    private static string Describe(ModelWidgetKind kind) => kind == ModelWidgetKind.Ocr ? "text recognition" : "voice activity";

    private sealed record WidgetRevision(ModelWidgetKind Kind, string? PipelineTag, CtcAlphabet? Alphabet);
}

/// <summary>A widget's use of a model revision: the shared session (leased from the cache) and, for OCR, the recognizer's alphabet.</summary>
internal sealed class WidgetModel(OrtSessionLease lease, CtcAlphabet? alphabet) : IDisposable
{
    public OrtSession Session => lease.Session;

    /// <summary>A recognizer over the session; a model whose shapes do not fit is refused with the reason.</summary>
    public TextLineRecognizer Recognizer()
    {
        try
        {
            return new TextLineRecognizer(Session, alphabet ?? throw new InvalidOperationException("not an OCR model"));
        }
        catch (ArgumentException mismatch)
        {
            throw new HubException($"The model does not fit the text recognition widget: {mismatch.Message}");
        }
    }

    /// <summary>A new voice-activity stream over the session; a model that is not Silero VAD v5 is refused with the reason.</summary>
    public Spaces.Onnx.Pipelines.Vad.SileroVad Vad()
    {
        try
        {
            return new Spaces.Onnx.Pipelines.Vad.SileroVad(Session);
        }
        catch (ArgumentException mismatch)
        {
            throw new HubException($"The model does not fit the voice activity widget: {mismatch.Message}");
        }
    }

    public void Dispose() => lease.Dispose();
}
