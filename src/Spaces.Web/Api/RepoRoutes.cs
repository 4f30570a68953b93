using Spaces.Core.Problems;
using Spaces.Core.Repositories;

namespace Spaces.Web.Api;

/// <summary>How repository types appear in URLs and bodies (<c>models</c>/<c>spaces</c>, <c>model</c>/<c>space</c>).</summary>
public static class RepoRoutes
{
    /// <summary>The API path segment of each type.</summary>
    public static readonly IReadOnlyList<(string Segment, RepoType Type)> Types = [("models", RepoType.Model), ("spaces", RepoType.Space)];

    /// <summary>The type named in a request body (<c>model</c> when absent, as on the Hub).</summary>
    public static RepoType ParseType(string? type) => type?.ToLowerInvariant() switch
    {
        null or "" or "model" => RepoType.Model,
        "space" => RepoType.Space,
        _ => throw ProblemException.Invalid("type", $"Unknown repository type '{type}': use 'model' or 'space'."),
    };

    /// <summary>Splits <c>owner/name</c>, or throws a 400 naming <paramref name="field"/>.</summary>
    public static (string Owner, string Name) SplitId(string? id, string field)
    {
        var parts = id?.Split('/') ?? [];
        return parts is [{ Length: > 0 } owner, { Length: > 0 } name]
            ? (owner, name)
            : throw ProblemException.Invalid(field, $"'{id}' is not a repository id of the form owner/name.");
    }

    /// <summary>The public path of a repository's page: <c>/{owner}/{name}</c> for models, <c>/spaces/{owner}/{name}</c> for Spaces.</summary>
    public static string PagePath(Repo repo) => repo.Type == RepoType.Space ? $"/spaces/{repo.FullName}" : $"/{repo.FullName}";

    /// <summary>Visibility from the Hub's two spellings (<c>private: true</c> or <c>visibility: "private"</c>).</summary>
    public static bool? ParseVisibility(bool? isPrivate, string? visibility) => visibility?.ToLowerInvariant() switch
    {
        null or "" => isPrivate,
        "private" => true,
        "public" => false,
        _ => throw ProblemException.Invalid("visibility", $"Unknown visibility '{visibility}': use 'public' or 'private'."),
    };
}
