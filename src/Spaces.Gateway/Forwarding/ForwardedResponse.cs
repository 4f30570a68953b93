using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Spaces.Gateway.Forwarding;

/// <summary>Copies the upstream's status line parts, headers and trailers onto the client's response.</summary>
internal static class ForwardedResponse
{
    /// <summary>Status and headers (response and content headers), hop-by-hop ones left out.</summary>
    public static void CopyHead(HttpResponseMessage upstream, HttpResponse response)
    {
        response.StatusCode = (int)upstream.StatusCode;
        CopyHeaders(upstream.Headers, response.Headers);
        CopyHeaders(upstream.Content.Headers, response.Headers);
    }

    /// <summary>Trailers, when the upstream sent some and the client's protocol can carry them (HTTP/2+).</summary>
    public static void CopyTrailers(HttpResponseMessage upstream, HttpResponse response)
    {
        if (!response.SupportsTrailers())
        {
            return;
        }

        foreach (var (name, values) in upstream.TrailingHeaders.NonValidated)
        {
            if (!HopByHopHeaders.IsHopByHop(name))
            {
                response.AppendTrailer(name, ToStringValues(values));
            }
        }
    }

    private static void CopyHeaders(HttpHeaders source, IHeaderDictionary destination)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(name))
            {
                continue;
            }

            var value = ForwardedRequest.Sanitize(ToStringValues(values));
            if (value.Count > 0)
            {
                destination[name] = value;
            }
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }
}
