using Spaces.Core.Repositories;

namespace Spaces.Web.Api.Inference;

/// <summary>The ONNX file served for a model at one commit: what the session cache is keyed by.</summary>
internal sealed record ModelRevision(Repo Repo, string Commit, string Path, string BlobId, long Size)
{
    public long RepoId => Repo.Id;

    public string ModelId => Repo.FullName;

    /// <summary>One session per repo, commit and file (the repo id survives renames).</summary>
    public string CacheKey => $"{RepoId}@{Commit}:{Path}";
}
