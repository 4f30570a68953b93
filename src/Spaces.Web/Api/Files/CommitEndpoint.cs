using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Uploads;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Files;

/// <summary>
/// The Hub's write path: <c>POST /api/{type}s/{id}/preupload/{rev}</c> (everything is "regular", stored in git) and
/// <c>POST /api/{type}s/{id}/commit/{rev}</c> with an NDJSON body (or the JSON form). A stale parentCommit is a 412 and writes nothing.
/// </summary>
internal static class CommitEndpoint
{
    private const long MaxPreuploadBytes = 16 * 1024 * 1024;

    public static async Task<IResult> PreuploadAsync(
        HttpContext http, RepoService service, ActorAccessor actors, UploadLimits limits, RepoType type, string owner, string name, string rev,
        CancellationToken cancellationToken)
    {
        FileRequests.RejectCrossSiteSessionWrite(http);
        var repo = await service.GetWritableAsync(await actors.GetAsync(cancellationToken), type, owner, name, cancellationToken);
        FileRequests.RequireMain(http, rev);
        PreuploadBody? body;
        try
        {
            await using var stream = new CountingReadStream(http.Request.Body, MaxPreuploadBytes,
                () => new ProblemException(ProblemKind.TooLarge, "The preupload body is larger than 16 MiB.", "body"), leaveOpen: true);
            body = await JsonSerializer.DeserializeAsync(stream, FilesJsonContext.Default.PreuploadBody, cancellationToken);
        }
        catch (JsonException json)
        {
            throw ProblemException.Invalid("body", $"The preupload body is not valid JSON: {json.Message}");
        }

        var files = body?.Files ?? throw ProblemException.Invalid("files", $"Send {{\"files\": [{{\"path\", \"size\", \"sample\"}}]}} to preupload to {repo.FullName}.");
        if (files.Count > limits.MaxFiles)
        {
            throw new ProblemException(ProblemKind.TooLarge, $"A commit may add at most {limits.MaxFiles} files; {files.Count} were announced.", "files");
        }

        List<PreuploadMode> modes = [];
        foreach (var file in files)
        {
            string path;
            try
            {
                path = RepoPaths.Normalize(file.Path);
            }
            catch (InvalidRepoPathException invalid)
            {
                throw ProblemException.Invalid("files", invalid.Message);
            }

            if (file.Size > limits.MaxFileBytes)
            {
                throw new ProblemException(ProblemKind.TooLarge,
                    $"'{path}' is larger than the limit of {UploadLimits.Describe(limits.MaxFileBytes)} per file.", "files");
            }

            modes.Add(new PreuploadMode(file.Path!, "regular", ShouldIgnore: false));
        }

        return TypedResults.Json(new PreuploadAnswer(modes), FilesJsonContext.Default.PreuploadAnswer);
    }

    public static async Task<IResult> CommitAsync(
        HttpContext http, RepoService service, ActorAccessor actors, UploadLimits limits, RepoType type, string owner, string name, string rev,
        CancellationToken cancellationToken)
    {
        FileRequests.RejectCrossSiteSessionWrite(http);
        var actor = await actors.GetAsync(cancellationToken);
        var repo = await service.GetWritableAsync(actor, type, owner, name, cancellationToken);
        FileRequests.RequireMain(http, rev);
        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        var isNdjson = string.Equals(mediaType, "application/x-ndjson", StringComparison.OrdinalIgnoreCase);
        if (!isNdjson && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.Invalid("Content-Type",
                $"Send the commit as application/x-ndjson (the Hub's format) or application/json, not '{http.Request.ContentType}'.");
        }

        using var staging = FileRequests.NewStaging(http, limits, repo);
        var body = FileRequests.LimitedBody(http, limits);
        var header = isNdjson
            ? await NdjsonCommitReader.ReadAsync(body, staging, cancellationToken)
            : await JsonCommitReader.ReadAsync(body, staging, cancellationToken);
        return await FileRequests.CommitAsync(http, service, actor!, repo, staging, header, cancellationToken);
    }
}
