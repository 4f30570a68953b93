using System.Collections.Concurrent;
using System.Text;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Web.Api.Inference;

/// <summary>
/// Finds the ONNX file of a model repo at a commit: the card's <c>inference.model</c> when it names one, else <c>model.onnx</c>, else the
/// repo's only <c>.onnx</c> file (the rule of the model page's widgets too). A commit never changes, so answers are kept.
/// </summary>
internal sealed class InferenceModelFiles
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<(long RepoId, string Commit), TreeEntry> _files = new();

    /// <summary>The readable model <paramref name="route"/> names, at its version or head; 404 for absent and others' private models.</summary>
    public async Task<ModelRevision> FindAsync(RepoService repos, RepoStorage storage, Actor? actor, ModelRoute route, CancellationToken cancellationToken)
    {
        Repo repo;
        try
        {
            repo = await repos.GetReadableAsync(actor, RepoType.Model, route.Owner, route.Name, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            throw ProblemException.NotFound($"Model {route.ModelId} not found.");
        }

        GitRepository? git = null;
        string commit;
        if (route.Version is null)
        {
            commit = repo.HeadCommit ?? throw ProblemException.NotFound($"Model {repo.FullName} has no commits yet.");
        }
        else
        {
            git = storage.Open(repo);
            commit = await git.ResolveAsync(route.Version, cancellationToken)
                ?? throw ProblemException.NotFound($"Model {repo.FullName} has no version (revision) '{route.Version}'.");
        }

        if (!_files.TryGetValue((repo.Id, commit), out var file))
        {
            file = await ModelFileAsync(git ?? storage.Open(repo), repo.FullName, commit, cancellationToken);
            if (_files.Count >= MaxRemembered)
            {
                _files.Clear();
            }

            _files[(repo.Id, commit)] = file;
        }

        return new ModelRevision(repo, commit, file.Path, file.Oid, file.Size ?? 0);
    }

    private static async Task<TreeEntry> ModelFileAsync(GitRepository git, string modelId, string commit, CancellationToken cancellationToken)
    {
        var readme = await git.ReadFileAsync(commit, "README.md", cancellationToken);
        var card = readme is null ? null : ModelCard.Parse(Encoding.UTF8.GetString(readme)).Card;
        if (card?.Inference is { Enabled: false })
        {
            throw ProblemException.NotFound($"Model {modelId} turns inference off in its card (inference: false).");
        }

        if (card?.Inference?.Extra.TryGetValue("model", out var named) == true && named is string { Length: > 0 } path)
        {
            return await git.GetFileAsync(commit, path, cancellationToken)
                ?? throw ProblemException.NotFound($"The card of {modelId} names inference.model '{path}', which does not exist at {commit[..12]}.");
        }

        var onnx = (await git.ListTreeAsync(commit, recursive: true, cancellationToken: cancellationToken))
            .Where(f => f.Type == TreeEntryType.File && f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return onnx.FirstOrDefault(f => f.Path == "model.onnx")
            ?? (onnx.Count == 1 ? onnx[0] : throw ProblemException.NotFound(onnx.Count == 0
                ? $"Model {modelId} has no .onnx file to serve."
                : $"Model {modelId} has {onnx.Count} .onnx files and no model.onnx: name one as inference.model in its card."));
    }
}
