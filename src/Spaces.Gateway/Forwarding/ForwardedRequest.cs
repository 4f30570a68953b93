using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// Writes the upstream request's head from the incoming request: the request line with the target (the upstream's base path, then the
/// request's path and query, percent-encoding kept), <c>Host</c> naming the upstream, copied headers without hop-by-hop ones and
/// values that would split a line, X-Forwarded-*, and the framing of the body that follows.
/// </summary>
internal static class ForwardedRequest
{
    private const string XForwardedFor = "X-Forwarded-For";
    private const string XForwardedProto = "X-Forwarded-Proto";
    private const string XForwardedHost = "X-Forwarded-Host";

    private static readonly SearchValues<char> NewLines = SearchValues.Create("\r\n");

    /// <summary>The request target: <paramref name="basePath"/> (no trailing slash), then the request's PathBase, Path and QueryString.</summary>
    public static string Target(string basePath, HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).ToUriComponent();
        var query = request.QueryString.ToUriComponent();
        return basePath.Length == 0 && path.Length > 0 && query.Length == 0
            ? path
            : string.Concat(basePath, path.Length == 0 ? "/" : path, query);
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

    /// <summary>
    /// Writes the head of the HTTP/1.1 request for <paramref name="target"/>. <paramref name="bodyLength"/>: null without a body, -1 for
    /// a body of unknown length (sent chunked), else its length. <paramref name="upgrade"/> puts Connection/Upgrade back.
    /// </summary>
    public static void WriteHead(HeadBuffer head, HttpContext context, UpstreamTarget target, long? bodyLength, string? upgrade)
    {
        var incoming = context.Request;
        head.Append(incoming.Method);
        head.Append(" "u8);
        head.Append(Target(target.BasePath, incoming));
        head.Append(" HTTP/1.1\r\n"u8);
        head.Append(target.HostLine);

        foreach (var (name, values) in incoming.Headers)
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

            head.Append(name);
            head.Append(": "u8);
            if (value.Count == 1)
            {
                head.Append(value.ToString());
            }
            else
            {
                // One line per name, values joined as a list; HTTP/1.1 allows exactly one Cookie header (HTTP/2 clients may split it).
                var separator = name.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase) ? "; " : ", ";
                for (var i = 0; i < value.Count; i++)
                {
                    if (i > 0)
                    {
                        head.Append(separator);
                    }

                    head.Append(value[i]);
                }
            }

            head.Append("\r\n"u8);
        }

        WriteForwardedHeaders(head, context);
        if (upgrade is not null)
        {
            head.Append("Connection: Upgrade\r\n"u8);
            head.AppendLine("Upgrade"u8, upgrade);
        }

        switch (bodyLength)
        {
            case -1:
                head.Append("Transfer-Encoding: chunked\r\n"u8);
                break;
            case { } length:
                head.AppendLine("Content-Length"u8, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case null when incoming.ContentLength == 0:
                head.Append("Content-Length: 0\r\n"u8);
                break;
        }

        head.Append("\r\n"u8);
    }

    /// <summary>
    /// Writes the upstream head for a head the gateway read off the client's connection itself (<see cref="RequestHead"/>), by the same
    /// rules as <see cref="WriteHead(HeadBuffer, HttpContext, UpstreamTarget, long?, string?)"/>, on the bytes received: the target goes on
    /// as it came (the parser accepted no dot segments), fields the caller removed or replaced as it said.
    /// </summary>
    public static void WriteHead(HeadBuffer head, RequestHead request, UpstreamTarget target, IPAddress? clientIp)
    {
        head.Append(request.Method);
        head.Append(" "u8);
        head.Append(target.BasePath);
        head.Append(request.Target);
        head.Append(" HTTP/1.1\r\n"u8);
        head.Append(target.HostLine);
        var forwardedFor = 0;
        foreach (var field in request.Fields)
        {
            var name = request.Name(field);
            if (field.Removed || HopByHopHeaders.IsHopByHop(name))
            {
                continue;
            }

            if (IsSetByForwarder(name))
            {
                forwardedFor += Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8) ? 1 : 0;
                continue;
            }

            head.Append(name);
            head.Append(": "u8);
            head.Append(request.Value(field));
            head.Append("\r\n"u8);
        }

        if (forwardedFor > 0 || clientIp is not null)
        {
            head.Append("X-Forwarded-For: "u8);
            var separator = false;
            foreach (var field in request.Fields)
            {
                if (forwardedFor > 0 && !field.Removed && Ascii.EqualsIgnoreCase(request.Name(field), "X-Forwarded-For"u8) && !request.Value(field).IsEmpty)
                {
                    head.Append(separator ? ", "u8 : ""u8);
                    head.Append(request.Value(field));
                    separator = true;
                }
            }

            if (clientIp is not null)
            {
                head.Append(separator ? ", "u8 : ""u8);
                AppendAddress(head, clientIp);
            }

            head.Append("\r\n"u8);
        }

        head.Append("X-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
        head.Append(request.Host);
        head.Append(request.ContentLengthZero ? "\r\nContent-Length: 0\r\n\r\n"u8 : "\r\n\r\n"u8);
    }

    /// <summary>
    /// Headers the forwarder writes itself: Host names the upstream, the body's framing is its own, X-Forwarded-* are extended, and
    /// <c>Expect: 100-continue</c> was already answered to the client by the server when the body was first read.
    /// </summary>
    private static bool IsSetByForwarder(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 => Ascii.EqualsIgnoreCase(name, "Host"u8),
        6 => Ascii.EqualsIgnoreCase(name, "Expect"u8),
        14 => Ascii.EqualsIgnoreCase(name, "Content-Length"u8),
        15 => Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8),
        16 => Ascii.EqualsIgnoreCase(name, "X-Forwarded-Host"u8),
        17 => Ascii.EqualsIgnoreCase(name, "X-Forwarded-Proto"u8),
        _ => false,
    };

    /// <inheritdoc cref="IsSetByForwarder(ReadOnlySpan{byte})"/>
    private static bool IsSetByForwarder(string name) =>
        name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase) ||
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

    private static void AppendAddress(HeadBuffer head, IPAddress address)
    {
        var ip = address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Span<char> text = stackalloc char[64];
        head.Append(ip.TryFormat(text, out var written) ? text[..written] : ip.ToString());
    }

    private static void WriteForwardedHeaders(HeadBuffer head, HttpContext context)
    {
        var incoming = context.Request;
        var forwardedFor = Sanitize(incoming.Headers[XForwardedFor]);
        var clientIp = context.Connection.RemoteIpAddress;
        if (forwardedFor.Count > 0 || clientIp is not null)
        {
            head.Append("X-Forwarded-For: "u8);
            for (var i = 0; i < forwardedFor.Count; i++)
            {
                head.Append(forwardedFor[i]);
                head.Append(i < forwardedFor.Count - 1 || clientIp is not null ? ", "u8 : ""u8);
            }

            if (clientIp is not null)
            {
                AppendAddress(head, clientIp);
            }

            head.Append("\r\n"u8);
        }

        head.AppendLine("X-Forwarded-Proto"u8, incoming.Scheme);
        if (incoming.Host.HasValue)
        {
            head.AppendLine("X-Forwarded-Host"u8, incoming.Host.Value);
        }
    }
}
