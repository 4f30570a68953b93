using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;

namespace Spaces.Web.Api.Files;

/// <summary>
/// <c>GET|HEAD /{owner}/{name}/resolve/{rev}/{path}</c> (Spaces under <c>/spaces/</c>): a file at a revision, streamed from git,
/// with ETag (the blob id), X-Repo-Commit, conditional requests (304) and single byte ranges (206/416).
/// </summary>
internal static class ResolveEndpoint
{
    public static async Task HandleAsync(
        HttpContext http, RepoService service, RepoStorage storage, ActorAccessor actors, RepoType type, string owner, string name, string rev,
        string path, CancellationToken cancellationToken)
    {
        var repo = await service.GetReadableAsync(await actors.GetAsync(cancellationToken), type, owner, name, cancellationToken);
        var git = storage.Open(repo);
        var commit = await FileRequests.ResolveCommitAsync(git, repo, rev, cancellationToken);
        TreeEntry? entry;
        try
        {
            entry = await git.GetFileAsync(commit, path, cancellationToken);
        }
        catch (InvalidRepoPathException invalid)
        {
            throw ProblemException.Invalid("path", invalid.Message);
        }

        if (entry is null)
        {
            throw new HubNotFoundException(HubNotFoundException.EntryNotFound, $"File '{path}' does not exist at {rev} in {repo.FullName}.");
        }

        var response = http.Response;
        var etag = new EntityTagHeaderValue($"\"{entry.Oid}\"");
        var size = entry.Size ?? 0;
        response.Headers.ETag = etag.ToString();
        response.Headers["X-Repo-Commit"] = commit;
        response.Headers.AcceptRanges = "bytes";
        // Repository files are served from the platform's origin: never sniffed, and HTML runs in a sandbox without its cookies.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        response.Headers.CacheControl = repo.IsPrivate ? "private, no-cache" : "public, no-cache";
        if (ByteRanges.IsNotModified(http.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = ByteRanges.Decide(http.Request, etag, size);
        if (range.Outcome == RangeOutcome.Unsatisfiable)
        {
            // An empty 416 is the answer; the platform's error pages must not replace it.
            http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{size.ToString(CultureInfo.InvariantCulture)}";
            return;
        }

        response.ContentType = ContentTypes.For(entry.Path);
        response.ContentLength = range.Length;
        if (range.Outcome == RangeOutcome.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(range.From, range.From + range.Length - 1, size).ToString();
        }

        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        await using var blob = git.OpenBlob(entry.Oid);
        await CopyRangeAsync(blob, response.Body, range.From, range.Length, cancellationToken);
    }

    // git cannot seek into a blob: bytes before the range are read and dropped.
    private static async Task CopyRangeAsync(Stream source, Stream destination, long skip, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (skip > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, skip)), cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException("The blob ended before the requested range.");
                }

                skip -= read;
            }

            while (length > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException("The blob ended before its recorded size.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
