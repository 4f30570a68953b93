using System.Text;
using Microsoft.Net.Http.Headers;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// Header names the upstream commonly sends, matched on the received bytes (ignoring case) so each response does not allocate their
/// strings; any other name becomes a new string.
/// </summary>
internal static class KnownHeaderNames
{
    private static readonly (byte[] Bytes, string Name)[][] ByLength = Build(
        HeaderNames.AcceptRanges, HeaderNames.AccessControlAllowCredentials, HeaderNames.AccessControlAllowHeaders,
        HeaderNames.AccessControlAllowMethods, HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlExposeHeaders,
        HeaderNames.AccessControlMaxAge, HeaderNames.Age, HeaderNames.AltSvc, HeaderNames.CacheControl, HeaderNames.Connection,
        HeaderNames.ContentDisposition, HeaderNames.ContentEncoding, HeaderNames.ContentLanguage, HeaderNames.ContentLength,
        HeaderNames.ContentRange, HeaderNames.ContentSecurityPolicy, HeaderNames.ContentType, HeaderNames.Date, HeaderNames.ETag,
        HeaderNames.Expires, HeaderNames.KeepAlive, HeaderNames.LastModified, HeaderNames.Link, HeaderNames.Location, HeaderNames.Pragma,
        HeaderNames.RetryAfter, HeaderNames.Server, HeaderNames.SetCookie, HeaderNames.StrictTransportSecurity, HeaderNames.TransferEncoding,
        HeaderNames.Upgrade, HeaderNames.Vary, HeaderNames.WWWAuthenticate, HeaderNames.XContentTypeOptions, HeaderNames.XFrameOptions,
        HeaderNames.SecWebSocketAccept, HeaderNames.SecWebSocketProtocol, HeaderNames.SecWebSocketExtensions, HeaderNames.Trailer,
        "Cross-Origin-Embedder-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Referrer-Policy", "X-Powered-By");

    /// <summary>The name's string: a shared one when known, else decoded from ASCII.</summary>
    public static string Get(ReadOnlySpan<byte> name)
    {
        if (name.Length < ByLength.Length)
        {
            foreach (var (bytes, known) in ByLength[name.Length])
            {
                if (Ascii.EqualsIgnoreCase(name, bytes))
                {
                    return known;
                }
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static (byte[] Bytes, string Name)[][] Build(params string[] names)
    {
        var table = new List<(byte[], string)>[names.Max(n => n.Length) + 1];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = [];
        }

        foreach (var name in names)
        {
            table[name.Length].Add((Encoding.ASCII.GetBytes(name), name));
        }

        return [.. table.Select(l => l.ToArray())];
    }
}
