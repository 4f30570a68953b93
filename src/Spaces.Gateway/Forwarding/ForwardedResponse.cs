using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>Copies the upstream's status, headers and trailers onto the client's response.</summary>
internal static class ForwardedResponse
{
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
