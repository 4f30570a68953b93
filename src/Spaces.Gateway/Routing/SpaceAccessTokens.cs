using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Short-lived tokens that let a private Space's app origin in: the Space page puts one in the app's URL
/// (<c>?__spaces_token=...</c>), the gateway checks it, sets its own cookie on the app origin and drops the token from the URL.
/// A token names one Space and an expiry, encrypted and authenticated with the platform's data protection keys, so it is refused
/// on another Space's origin, after it expires, or when altered. The app cookie's value is made the same way under another purpose,
/// so neither can stand in for the other.
/// </summary>
public sealed class SpaceAccessTokens
{
    /// <summary>The query parameter that carries a token to the app origin.</summary>
    public const string QueryParameter = "__spaces_token";

    private const int PayloadLength = 16;

    private readonly IDataProtector _tokens;
    private readonly IDataProtector _cookies;
    private readonly TimeProvider _time;
    private readonly GatewayOptions _options;

    /// <summary>Creates the service; one per process.</summary>
    public SpaceAccessTokens(IDataProtectionProvider protection, TimeProvider time, IOptions<GatewayOptions> options)
    {
        _tokens = protection.CreateProtector("Spaces.Gateway.SpaceAccessToken.v1");
        _cookies = protection.CreateProtector("Spaces.Gateway.SpaceAppCookie.v1");
        _time = time;
        _options = options.Value;
    }

    /// <summary>A token for <paramref name="spaceId"/> that expires after the configured lifetime (default 5 minutes).</summary>
    public string Create(long spaceId) => Create(spaceId, _options.AccessTokenLifetime);

    /// <summary>A token for <paramref name="spaceId"/> that expires after <paramref name="lifetime"/> (positive).</summary>
    public string Create(long spaceId, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        return Seal(_tokens, spaceId, lifetime);
    }

    /// <summary>Whether <paramref name="token"/> was made by <see cref="Create(long, TimeSpan)"/> for <paramref name="spaceId"/> and has not expired.</summary>
    public bool Validate(string? token, long spaceId) => Open(_tokens, token, spaceId);

    /// <summary>The value of the app origin's cookie for <paramref name="spaceId"/>, valid for the configured cookie lifetime.</summary>
    internal string CreateAppCookie(long spaceId) => Seal(_cookies, spaceId, _options.AppCookieLifetime);

    /// <summary>Whether an app cookie's value belongs to <paramref name="spaceId"/> and has not expired.</summary>
    internal bool ValidateAppCookie(string? value, long spaceId) => Open(_cookies, value, spaceId);

    private string Seal(IDataProtector protector, long spaceId, TimeSpan lifetime)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        BinaryPrimitives.WriteInt64LittleEndian(payload, spaceId);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], (_time.GetUtcNow() + lifetime).ToUnixTimeMilliseconds());
        return WebEncoders.Base64UrlEncode(protector.Protect(payload.ToArray()));
    }

    private bool Open(IDataProtector protector, string? value, long spaceId)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = protector.Unprotect(WebEncoders.Base64UrlDecode(value));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        return payload.Length == PayloadLength
            && BinaryPrimitives.ReadInt64LittleEndian(payload) == spaceId
            && BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(8)) > _time.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
