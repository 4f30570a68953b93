using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>An upstream response's status line and headers, with what its framing and connection handling need (RFC 9112 6, 9.6).</summary>
internal sealed class ResponseHead
{
    /// <summary>The status code (100-999).</summary>
    public int StatusCode { get; set; }

    /// <summary>HTTP/1.1 or later minor version (HTTP/1.0 closes after the response unless it asked for keep-alive).</summary>
    public bool Http11 { get; set; }

    /// <summary>The header fields in the order received, hop-by-hop ones included (the copy skips them).</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    /// <summary>The Content-Length, or -1 when there is none.</summary>
    public long ContentLength { get; set; } = -1;

    /// <summary>Whether a Transfer-Encoding was sent (it overrides Content-Length).</summary>
    public bool HasTransferEncoding { get; set; }

    /// <summary>Whether the last transfer coding is chunked (otherwise a Transfer-Encoding body lasts until the connection closes).</summary>
    public bool Chunked { get; set; }

    /// <summary><c>Connection: close</c> was sent.</summary>
    public bool ConnectionClose { get; set; }

    /// <summary><c>Connection: keep-alive</c> was sent (what lets an HTTP/1.0 response keep its connection).</summary>
    public bool KeepAlive { get; set; }

    /// <summary>The body is an event stream (<c>text/event-stream</c>): flushed per read whatever its announced length.</summary>
    public bool IsEventStream { get; set; }

    /// <summary>A 1xx other than 101: an interim response that another follows.</summary>
    public bool IsInterim => StatusCode is >= 100 and < 200 and not 101;

    /// <summary>Whether the connection may carry another request after this response's body (framing permitting).</summary>
    public bool AllowsReuse => !ConnectionClose && (Http11 || KeepAlive);

    /// <summary>How the body of this response to a request with <paramref name="method"/> is delimited (RFC 9112 6.3).</summary>
    public BodyFraming Framing(string method)
    {
        if (HttpMethods.IsHead(method) || StatusCode is < 200 or 204 or 304)
        {
            return BodyFraming.None;
        }

        if (HasTransferEncoding)
        {
            return Chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
        }

        return ContentLength >= 0 ? BodyFraming.ContentLength : BodyFraming.UntilClose;
    }

    public void Reset()
    {
        StatusCode = 0;
        Http11 = false;
        Headers.Clear();
        ContentLength = -1;
        HasTransferEncoding = false;
        Chunked = false;
        ConnectionClose = false;
        KeepAlive = false;
        IsEventStream = false;
    }
}

/// <summary>How a response body is delimited.</summary>
internal enum BodyFraming
{
    /// <summary>No body (HEAD, 1xx, 204, 304).</summary>
    None,

    /// <summary>Exactly <see cref="ResponseHead.ContentLength"/> bytes.</summary>
    ContentLength,

    /// <summary>Chunked transfer coding, trailers possible.</summary>
    Chunked,

    /// <summary>Everything until the upstream closes the connection.</summary>
    UntilClose,
}
