using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Removes the platform's credentials from a request bound for a Space's app: the session cookie (and its chunks), ASP.NET Core's
/// antiforgery and other <c>.AspNetCore.*</c> cookies, the gateway's own app cookie, and an <c>Authorization</c> header carrying a platform
/// access token. An app sees its own cookies and nothing that would let it act as its visitor on the platform.
/// </summary>
internal static class PlatformCredentials
{
    /// <summary>The platform's session cookie (see Spaces.Web's authentication).</summary>
    public const string SessionCookie = "spaces_session";

    /// <summary>The cookie the gateway sets on a private Space's origin.</summary>
    public const string AppCookie = "__spaces_app";

    /// <summary>Every platform access token starts with this (<c>TokenService.SecretPrefix</c>).</summary>
    public const string AccessTokenPrefix = "spc_";

    /// <summary>Whether a cookie of this name is the platform's.</summary>
    public static bool IsPlatformCookie(ReadOnlySpan<char> name) =>
        name.StartsWith(SessionCookie, StringComparison.Ordinal)
        || name.StartsWith(".AspNetCore.", StringComparison.OrdinalIgnoreCase)
        || name.Equals(AppCookie, StringComparison.Ordinal);

    /// <summary>A <c>Cookie</c> header value without the platform's cookies, or null when none is left.</summary>
    public static string? FilterCookieHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var kept = new List<string>();
        foreach (var part in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? part : part[..equals]).Trim();
            if (!IsPlatformCookie(name))
            {
                kept.Add(part);
            }
        }

        return kept.Count == 0 ? null : string.Join("; ", kept);
    }

    /// <summary>Whether an <c>Authorization</c> value is a Bearer platform access token.</summary>
    public static bool IsPlatformAuthorization(string? value) => BearerToken(value) is not null;

    /// <summary>The platform access token of a <c>Bearer spc_...</c> header value, or null.</summary>
    public static string? BearerToken(string? value)
    {
        const string Scheme = "Bearer ";
        if (value is null || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value[Scheme.Length..].Trim();
        return token.StartsWith(AccessTokenPrefix, StringComparison.Ordinal) ? token : null;
    }

    /// <summary>Removes the platform's cookies and access token from <paramref name="request"/>'s headers.</summary>
    public static void StripFrom(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.Cookie.Count > 0)
        {
            var kept = headers.Cookie.Select(FilterCookieHeader).OfType<string>().ToArray();
            if (kept.Length == 0)
            {
                headers.Remove(HeaderNames.Cookie);
            }
            else
            {
                // HTTP/1.1 sends one Cookie header; HTTP/2 may split it, and '; ' joins the parts back (RFC 9113, 8.2.3).
                headers.Cookie = new StringValues(string.Join("; ", kept));
            }
        }

        foreach (var authorization in headers.Authorization)
        {
            if (IsPlatformAuthorization(authorization))
            {
                headers.Remove(HeaderNames.Authorization);
                break;
            }
        }
    }

    /// <summary>
    /// Removes the platform's cookies and access token from a head the gateway read off the client's connection itself (the received
    /// values are only decoded when they may hold one).
    /// </summary>
    public static void StripFrom(RequestHead head)
    {
        var fields = head.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = head.Name(fields[i]);
            var value = head.Value(fields[i]);
            if (name.Length == 6 && Ascii.EqualsIgnoreCase(name, "Cookie"u8) && MayHoldPlatformCookie(value))
            {
                var original = Encoding.ASCII.GetString(value);
                var kept = FilterCookieHeader(original);
                if (kept is null)
                {
                    head.Remove(i);
                }
                else if (!kept.Equals(original, StringComparison.Ordinal))
                {
                    head.Replace(i, kept);
                }
            }
            else if (name.Length == 13 && Ascii.EqualsIgnoreCase(name, "Authorization"u8) && value.Length > 7
                && Ascii.EqualsIgnoreCase(value[..7], "Bearer "u8) && IsPlatformAuthorization(Encoding.ASCII.GetString(value)))
            {
                head.Remove(i);
            }
        }
    }

    // Every platform cookie name has one of these in it, whatever the case.
    private static bool MayHoldPlatformCookie(ReadOnlySpan<byte> value) =>
        value.IndexOf("spaces_"u8) >= 0 || RequestHead.ContainsIgnoreCase(value, ".aspnetcore."u8);
}
