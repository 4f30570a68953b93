using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Spaces.Gateway.Files;

/// <summary>What a request's <c>Range</c> (and <c>If-Range</c>) asks of a representation of known size and entity tag.</summary>
internal readonly record struct RangeRequest(RangeOutcome Outcome, long From, long Length);

/// <summary>The answer a range request gets.</summary>
internal enum RangeOutcome
{
    /// <summary>No usable single byte range (absent, malformed, several ranges or a stale If-Range): 200 with the whole file.</summary>
    Whole,

    /// <summary>206 with one range.</summary>
    Partial,

    /// <summary>416: the range starts past the end.</summary>
    Unsatisfiable,
}

/// <summary>Reads single byte ranges as RFC 9110 describes; several ranges are answered with the whole file (allowed by the RFC).</summary>
internal static class ByteRanges
{
    public static RangeRequest Decide(HttpRequest request, EntityTagHeaderValue etag, long size)
    {
        var headers = request.GetTypedHeaders();
        var whole = new RangeRequest(RangeOutcome.Whole, 0, size);
        if (headers.Range is not { } range || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || range.Ranges.Count != 1)
        {
            return whole;
        }

        // If-Range with a date cannot match (no Last-Modified is sent); with a tag it must match strongly.
        if (headers.IfRange is { } ifRange && (ifRange.EntityTag is not { } tag || !tag.Compare(etag, useStrongComparison: true)))
        {
            return whole;
        }

        var item = range.Ranges.First();
        if (item.From is { } from)
        {
            if (from >= size)
            {
                return new RangeRequest(RangeOutcome.Unsatisfiable, 0, 0);
            }

            var to = Math.Min(item.To ?? size - 1, size - 1);
            return to < from ? whole : new RangeRequest(RangeOutcome.Partial, from, to - from + 1);
        }

        if (item.To is not { } suffix || suffix == 0 || size == 0)
        {
            return new RangeRequest(RangeOutcome.Unsatisfiable, 0, 0);
        }

        var start = Math.Max(0, size - suffix);
        return new RangeRequest(RangeOutcome.Partial, start, size - start);
    }

    /// <summary>Whether <c>If-None-Match</c> names this representation (weak comparison, or <c>*</c>).</summary>
    public static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
}
