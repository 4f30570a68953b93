using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>Copies the upstream's status, headers and trailers onto the client's response.</summary>
internal static class ForwardedResponse
{
    private static readonly byte[]?[] StatusLines = new byte[]?[600];

    /// <summary>
    /// Status and headers, hop-by-hop ones left out. A name sent several times keeps all its values (Set-Cookie); an upstream header
    /// replaces one of the same name already on the response. Content-Length goes when a Transfer-Encoding overrides it.
    /// </summary>
    public static void CopyHead(ResponseHead upstream, HttpResponse response)
    {
        response.StatusCode = upstream.StatusCode;
        var headers = response.Headers;
        var fields = upstream.Headers;
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            if (HopByHopHeaders.IsHopByHop(name))
            {
                continue;
            }

            if (ReferenceEquals(name, HeaderNames.ContentLength) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                if (!upstream.HasTransferEncoding && !SeenBefore(fields, i, name))
                {
                    response.ContentLength = upstream.ContentLength;
                }

                continue;
            }

            headers[name] = SeenBefore(fields, i, name) ? StringValues.Concat(headers[name], value) : value;
        }
    }

    /// <summary>
    /// Writes the response head for a client connection the gateway serves itself, by the rules of <see cref="CopyHead"/>: status line,
    /// the upstream's fields without hop-by-hop ones, its length or the ones <paramref name="added"/> replaces, then
    /// <paramref name="added"/>, a Date when the upstream sent none, and the framing of the body that follows as
    /// <paramref name="framing"/> says (a body of unknown length goes chunked).
    /// </summary>
    public static void WriteHead(ResponseHead upstream, BodyFraming framing, AddedResponseHeaders added, IBufferWriter<byte> output)
    {
        output.Write(StatusLine(upstream.StatusCode));
        var fields = upstream.Headers;
        var hasDate = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            if (HopByHopHeaders.IsHopByHop(name) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) || added.Replaces(name))
            {
                continue;
            }

            hasDate |= ReferenceEquals(name, HeaderNames.Date) || name.Equals(HeaderNames.Date, StringComparison.OrdinalIgnoreCase);
            WriteLatin1(output, name);
            output.Write(": "u8);
            WriteLatin1(output, value);
            output.Write("\r\n"u8);
        }

        output.Write(added.Lines);
        if (!hasDate)
        {
            output.Write(HttpDate.Line());
        }

        switch (framing)
        {
            case BodyFraming.ContentLength:
            case BodyFraming.None when !upstream.HasTransferEncoding && upstream.ContentLength >= 0 && upstream.StatusCode is >= 200 and not 204:
                output.Write("Content-Length: "u8);
                var digits = output.GetSpan(20);
                upstream.ContentLength.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
                output.Advance(written);
                output.Write("\r\n\r\n"u8);
                break;
            case BodyFraming.Chunked or BodyFraming.UntilClose:
                output.Write("Transfer-Encoding: chunked\r\n\r\n"u8);
                break;
            default:
                output.Write("\r\n"u8);
                break;
        }
    }

    /// <summary><c>HTTP/1.1 {status} {reason}</c> and its CRLF, made once per status code.</summary>
    internal static ReadOnlySpan<byte> StatusLine(int statusCode)
    {
        if ((uint)statusCode >= (uint)StatusLines.Length)
        {
            return Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} \r\n");
        }

        return StatusLines[statusCode] ??= Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}\r\n");
    }

    private static void WriteLatin1(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        output.Advance(Encoding.Latin1.GetBytes(text, span));
    }

    /// <summary>Trailers, when the upstream sent some and the client's protocol can carry them (HTTP/2+).</summary>
    public static void CopyTrailers(List<(string Name, string Value)> trailers, HttpResponse response)
    {
        if (trailers.Count == 0 || !response.SupportsTrailers())
        {
            return;
        }

        foreach (var (name, value) in trailers)
        {
            if (!HopByHopHeaders.IsHopByHop(name))
            {
                response.AppendTrailer(name, value);
            }
        }
    }

    private static bool SeenBefore(List<(string Name, string Value)> fields, int index, string name)
    {
        for (var i = 0; i < index; i++)
        {
            if (fields[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
