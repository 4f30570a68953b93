using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;
using Spaces.Core.Repositories.Uploads;

namespace Spaces.Web.Api.Files;

/// <summary>What the file endpoints share: revisions, the bounded request body, the staging folder and the commit answer.</summary>
internal static class FileRequests
{
    /// <summary>The commit a revision names in <paramref name="repo"/>, or a 404 saying so.</summary>
    public static async Task<string> ResolveCommitAsync(GitRepository git, Repo repo, string revision, CancellationToken cancellationToken) =>
        await git.ResolveAsync(Uri.UnescapeDataString(revision), cancellationToken)
        ?? throw new HubNotFoundException(HubNotFoundException.RevisionNotFound, $"Revision '{revision}' does not exist in {repo.FullName}.");

    /// <summary>Writes go to main only (the Hub's pull-request refs are not supported).</summary>
    public static void RequireMain(HttpContext http, string revision)
    {
        if (Uri.UnescapeDataString(revision) is not ("main" or "refs/heads/main"))
        {
            throw ProblemException.Invalid("revision", $"Commits can only be made to 'main', not '{revision}'.");
        }

        if (http.Request.Query["create_pr"].FirstOrDefault() is "1" or "true" or "True")
        {
            throw ProblemException.Invalid("create_pr", "Pull requests are not supported; commit to main.");
        }
    }

    /// <summary>
    /// A login cookie is sent by the browser on its own, also on a form another site (or a Space on a sibling host) posts: a write
    /// carried by a session must come from the platform's own pages. Access tokens are never ambient and are not affected.
    /// </summary>
    public static void RejectCrossSiteSessionWrite(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count == 0 && http.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            throw ProblemException.Forbidden("Writes with a login session must come from this platform's own pages; scripts should send an access token.");
        }
    }

    /// <summary>The request body, allowed up to <see cref="UploadLimits.MaxRequestBytes"/> and cut off (413) past it.</summary>
    public static Stream LimitedBody(HttpContext http, UploadLimits limits)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            throw RequestTooLarge(limits);
        }

        return new CountingReadStream(http.Request.Body, limits.MaxRequestBytes, () => RequestTooLarge(limits), leaveOpen: true);
    }

    /// <summary>
    /// The staging of an upload to <paramref name="repo"/>: file contents stream straight into its object store (written once);
    /// archives wait in a folder under the data directory (same disk as the repositories, not a small tmpfs) while they are unpacked.
    /// </summary>
    public static UploadStaging NewStaging(HttpContext http, UploadLimits limits, Repo repo)
    {
        var data = http.RequestServices.GetRequiredService<IOptions<SpacesOptions>>().Value.DataDirFullPath;
        var repository = http.RequestServices.GetRequiredService<RepoStorage>().Open(repo);
        return new UploadStaging(limits, Path.Combine(data, "tmp", "uploads"), repository);
    }

    /// <summary>Commits the staged upload through <see cref="RepoService"/> (so the head is recorded and watchers hear of it).</summary>
    public static async Task<IResult> CommitAsync(
        HttpContext http, RepoService service, Actor actor, Repo repo, UploadStaging staging, CommitHeader header, CancellationToken cancellationToken)
    {
        var request = new CommitRequest(header.Summary, RepoService.AuthorOf(actor.User), staging.Operations, header.ParentCommit, header.Description);
        var result = await service.CommitAsync(actor, repo, request, cancellationToken);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{RepoRoutes.PagePath(repo)}/commit/{result.CommitId}";
        return TypedResults.Json(new CommitAnswer(true, result.CommitId, url, ""), FilesJsonContext.Default.CommitAnswer);
    }

    private static ProblemException RequestTooLarge(UploadLimits limits) =>
        new(ProblemKind.TooLarge,
            $"The request is larger than the limit of {UploadLimits.Describe(limits.MaxRequestBytes)}.", "body");
}
