using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Spaces.Gateway.Forwarding;

/// <summary>Builds the upstream request from the incoming one: target URI, copied headers, X-Forwarded-*, and the streamed body.</summary>
internal static class ForwardedRequest
{
    private const string XForwardedFor = "X-Forwarded-For";
    private const string XForwardedProto = "X-Forwarded-Proto";
    private const string XForwardedHost = "X-Forwarded-Host";

    private static readonly SearchValues<char> NewLines = SearchValues.Create("\r\n");

    /// <summary>The upstream's base with the request's PathBase, Path and QueryString appended (percent-encoding kept).</summary>
    public static Uri TargetUri(Uri upstream, HttpRequest request)
    {
        var baseUri = upstream.AbsoluteUri;
        var path = request.PathBase.Add(request.Path).ToUriComponent();
        var trimmed = baseUri.EndsWith('/') ? baseUri.AsSpan(0, baseUri.Length - 1) : baseUri.AsSpan();
        var target = string.Concat(trimmed, path.Length == 0 ? "/" : path, request.QueryString.ToUriComponent());
        return new Uri(target, UriKind.Absolute);
    }

    /// <summary>Whether the incoming request carries a body: a positive Content-Length, or chunked (HTTP/1.x), or an open stream (HTTP/2+).</summary>
    public static bool HasBody(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        if (HttpProtocol.IsHttp10(request.Protocol) || HttpProtocol.IsHttp11(request.Protocol))
        {
            // Not the body detection feature: Kestrel reports an upgradable HTTP/1.1 request as having a body (the upgraded stream).
            return request.Headers.TransferEncoding.Count > 0;
        }

        return context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
    }

    /// <summary>Creates the HTTP/1.1 request for <paramref name="upstream"/>; <paramref name="upgrade"/> puts Connection/Upgrade back.</summary>
    public static HttpRequestMessage Create(HttpContext context, Uri upstream, HttpContent? content, string? upgrade)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), TargetUri(upstream, incoming))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        CopyHeaders(incoming.Headers, request);
        if (content is not null && incoming.ContentLength is { } length && incoming.Headers.TransferEncoding.Count == 0)
        {
            // With both Transfer-Encoding and Content-Length the former wins (RFC 9112 6.3): the length is then unknown.
            content.Headers.ContentLength = length;
        }

        if (upgrade is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Connection, "Upgrade");
            request.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, upgrade);
        }

        AddForwardedHeaders(context, request);
        return request;
    }

    private static void CopyHeaders(IHeaderDictionary headers, HttpRequestMessage request)
    {
        foreach (var (name, values) in headers)
        {
            if (HopByHopHeaders.IsHopByHop(name) || IsSetByForwarder(name))
            {
                continue;
            }

            var value = Sanitize(values);
            if (value.Count == 0)
            {
                continue;
            }

            if (value.Count > 1 && name.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
            {
                // HTTP/2 clients may split cookies over several fields; HTTP/1.1 allows exactly one Cookie header.
                value = string.Join("; ", value.ToArray());
            }

            var added = value.Count == 1
                ? request.Headers.TryAddWithoutValidation(name, value.ToString())
                : request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            if (!added && request.Content is { } content)
            {
                // Content-Type, Content-Encoding, ...: content headers go on the content (and are dropped when there is no body).
                if (value.Count == 1)
                {
                    content.Headers.TryAddWithoutValidation(name, value.ToString());
                }
                else
                {
                    content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
                }
            }
        }
    }

    private static bool IsSetByForwarder(string name) =>
        name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(XForwardedFor, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(XForwardedProto, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(XForwardedHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>The values without those containing CR or LF (they would split the header on the wire).</summary>
    internal static StringValues Sanitize(StringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString().AsSpan().ContainsAny(NewLines) ? StringValues.Empty : values;
        }

        var clean = true;
        foreach (var value in values)
        {
            clean &= value is null || !value.AsSpan().ContainsAny(NewLines);
        }

        return clean ? values : new StringValues(values.Where(v => v is not null && !v.AsSpan().ContainsAny(NewLines)).ToArray());
    }

    private static void AddForwardedHeaders(HttpContext context, HttpRequestMessage request)
    {
        var incoming = context.Request;
        var clientIp = context.Connection.RemoteIpAddress;
        var forwardedFor = Sanitize(incoming.Headers[XForwardedFor]);
        if (clientIp is not null)
        {
            var ip = clientIp.AddressFamily == AddressFamily.InterNetworkV6 && clientIp.IsIPv4MappedToIPv6
                ? clientIp.MapToIPv4().ToString()
                : clientIp.ToString();
            forwardedFor = StringValues.Concat(forwardedFor, ip);
        }

        if (forwardedFor.Count > 0)
        {
            request.Headers.TryAddWithoutValidation(XForwardedFor, forwardedFor.Count == 1 ? forwardedFor.ToString() : string.Join(", ", forwardedFor.ToArray()));
        }

        request.Headers.TryAddWithoutValidation(XForwardedProto, incoming.Scheme);
        if (incoming.Host.HasValue)
        {
            request.Headers.TryAddWithoutValidation(XForwardedHost, incoming.Host.Value);
        }
    }
}
