using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Uploads;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Files;

/// <summary>
/// <c>POST /api/{type}s/{owner}/{name}/upload/{rev}</c>: our multipart upload (files, folders, archives) for the browser and scripts.
/// Everything is checked while it streams in (plain files straight into the repository's object store, as blobs no commit names yet)
/// before one commit is made; any refusal, or a request cut off midway, commits nothing.
/// </summary>
internal static class UploadEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, RepoService service, ActorAccessor actors, UploadLimits limits, RepoType type, string owner, string name, string rev,
        CancellationToken cancellationToken)
    {
        FileRequests.RejectCrossSiteSessionWrite(http);
        var actor = await actors.GetAsync(cancellationToken);
        var repo = await service.GetWritableAsync(actor, type, owner, name, cancellationToken);
        FileRequests.RequireMain(http, rev);
        using var staging = FileRequests.NewStaging(http, limits, repo);
        var form = await MultipartUpload.ReadAsync(FileRequests.LimitedBody(http, limits), http.Request.ContentType, staging, cancellationToken);
        if (staging.IsEmpty)
        {
            throw ProblemException.Invalid("files", "The upload holds no files: send them as file parts of multipart/form-data.");
        }

        var parent = form.Field("parentCommit") is { Length: > 0 } given ? given.Trim() : null;
        if (parent is not null && (parent.Length is not (40 or 64) || !parent.All(char.IsAsciiHexDigit)))
        {
            throw ProblemException.Invalid("parentCommit", $"'parentCommit' must be a full commit id (40 hex digits), got '{parent}'.");
        }

        var summary = form.Field("summary") is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : staging.FileCount == 1 ? $"Upload {staging.Files[0].Path}" : $"Upload {staging.FileCount} files";
        var header = new CommitHeader(summary, form.Field("description"), parent);
        return await FileRequests.CommitAsync(http, service, actor!, repo, staging, header, cancellationToken);
    }
}
