using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Serves a static Space's files from git at one revision: <c>/</c> is the app file (default index.html), a folder its index.html,
/// with content types from the file name, ETag (the blob id), 304 for a matching If-None-Match and single byte ranges (206/416).
/// </summary>
internal sealed class StaticSpaceFiles(RepoStorage storage)
{
    private static readonly GatewayPage FileNotFound = new(StatusCodes.Status404NotFound, "404: file not found", "This Space has no file at this address.");

    public async Task ServeAsync(HttpContext context, Repo space, string revision, SpaceAppConfig config, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var git = storage.Open(space);
        var requested = request.Path.Value ?? "/";
        var path = requested == "/" ? config.AppFile : requested.EndsWith('/') ? requested.TrimStart('/') + "index.html" : requested.TrimStart('/');
        var entry = await FindAsync(git, revision, path, cancellationToken);
        if (entry is null)
        {
            // A folder asked for without its slash: send the browser to the slash, so the folder's relative links resolve inside it.
            if (!requested.EndsWith('/') && await FindAsync(git, revision, path + "/index.html", cancellationToken) is not null)
            {
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                response.Headers.Location = (request.PathBase + request.Path).ToUriComponent() + "/" + request.QueryString.ToUriComponent();
                return;
            }

            await GatewayPages.WriteAsync(context, FileNotFound, cancellationToken);
            return;
        }

        var etag = new EntityTagHeaderValue($"\"{entry.Oid}\"");
        var size = entry.Size ?? 0;
        response.Headers.ETag = etag.ToString();
        response.Headers.AcceptRanges = "bytes";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = space.IsPrivate ? "private, no-cache" : "public, no-cache";
        if (StaticRanges.IsNotModified(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = StaticRanges.Decide(request, etag, size);
        if (range.Outcome == StaticRangeOutcome.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{size.ToString(CultureInfo.InvariantCulture)}";
            return;
        }

        response.ContentType = StaticContentTypes.For(entry.Path);
        response.ContentLength = range.Length;
        if (range.Outcome == StaticRangeOutcome.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(range.From, range.From + range.Length - 1, size).ToString();
        }

        if (HttpMethods.IsHead(request.Method) || range.Length == 0)
        {
            return;
        }

        await using var blob = git.OpenBlob(entry.Oid);
        await CopyRangeAsync(blob, response.Body, range.From, range.Length, cancellationToken);
    }

    // A path git cannot hold ('..', control characters...) is simply not there.
    private static async Task<TreeEntry?> FindAsync(GitRepository git, string revision, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await git.GetFileAsync(revision, path, cancellationToken);
        }
        catch (InvalidRepoPathException)
        {
            return null;
        }
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
