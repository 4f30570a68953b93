using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Gateway.Files;

/// <summary>
/// Writes a file of a repository (a git blob) as an HTTP response, for the file API's <c>resolve</c> and for static Spaces alike:
/// ETag (the blob id), no sniffing, 304 for a matching If-None-Match, single byte ranges (206, or 416 past the end), the content
/// type from the name, nothing more for HEAD, and the bytes streamed from git.
/// </summary>
public static class BlobResponse
{
    /// <summary>Writes <paramref name="entry"/>; the caller sets any other headers first.</summary>
    public static async Task WriteAsync(HttpContext context, GitRepository git, TreeEntry entry, bool isPrivate, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{entry.Oid}\"");
        var size = entry.Size ?? 0;
        response.Headers.ETag = etag.ToString();
        response.Headers.AcceptRanges = "bytes";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = isPrivate ? "private, no-cache" : "public, no-cache";
        if (ByteRanges.IsNotModified(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = ByteRanges.Decide(request, etag, size);
        if (range.Outcome == RangeOutcome.Unsatisfiable)
        {
            // An empty 416 is the answer; error pages must not replace it.
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{size.ToString(CultureInfo.InvariantCulture)}";
            return;
        }

        response.ContentType = RepoContentTypes.For(entry.Path);
        response.ContentLength = range.Length;
        if (range.Outcome == RangeOutcome.Partial)
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
