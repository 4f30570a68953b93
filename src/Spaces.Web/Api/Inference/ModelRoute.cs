using Spaces.Core.Problems;

namespace Spaces.Web.Api.Inference;

/// <summary>What a request under <c>/v2/models/</c> asks for.</summary>
internal enum ModelAction
{
    Metadata,
    Ready,
    Infer,
}

/// <summary>
/// The model path of an Open Inference Protocol request. The model name is a repo id, written either as two segments
/// (<c>/v2/models/{owner}/{name}</c>) or as one URL-encoded segment (<c>/v2/models/{owner}%2F{name}</c>); either may be followed by
/// <c>/versions/{revision}</c> (a commit, branch or tag) and then <c>/ready</c> or <c>/infer</c>. Two segments are always read as
/// owner and name, so a model called <c>ready</c> is <c>/v2/models/owner/ready</c> and its readiness <c>/v2/models/owner/ready/ready</c>.
/// </summary>
internal sealed record ModelRoute(string Owner, string Name, string? Version, ModelAction Action)
{
    public string ModelId => $"{Owner}/{Name}";

    /// <summary>Parses the part after <c>/v2/models/</c>, or throws a 404 explaining the URL forms.</summary>
    public static ModelRoute Parse(string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length == 0)
        {
            throw NotFound(path);
        }

        string owner, name;
        int rest;
        if (segments[0].Split('/') is [{ Length: > 0 } encodedOwner, { Length: > 0 } encodedName])
        {
            (owner, name, rest) = (encodedOwner, encodedName, 1);
        }
        else if (segments.Length >= 2 && !segments[0].Contains('/', StringComparison.Ordinal) && !segments[1].Contains('/', StringComparison.Ordinal))
        {
            (owner, name, rest) = (segments[0], segments[1], 2);
        }
        else
        {
            throw NotFound(path);
        }

        string? version = null;
        if (segments.Length >= rest + 2 && segments[rest] == "versions")
        {
            version = segments[rest + 1];
            rest += 2;
        }

        var action = segments[rest..] switch
        {
            [] => ModelAction.Metadata,
            ["ready"] => ModelAction.Ready,
            ["infer"] => ModelAction.Infer,
            _ => throw NotFound(path),
        };
        return new ModelRoute(owner, name, version, action);
    }

    private static ProblemException NotFound(string? path) => ProblemException.NotFound(
        $"'/v2/models/{path}' is not an inference URL: use /v2/models/{{owner}}/{{name}} (or {{owner}}%2F{{name}}), optionally followed by "
        + "/versions/{revision}, then nothing (metadata), /ready or /infer.");
}
