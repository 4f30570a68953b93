using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Spaces.Core.Accounts;

namespace Spaces.Web.Auth;

/// <summary>Starts and ends cookie sessions for the UI.</summary>
public static class SessionSignIn
{
    /// <summary>Signs <paramref name="user"/> in with a persistent session cookie.</summary>
    public static Task SignInAsync(HttpContext http, Account user)
    {
        var id = user.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(SpacesClaims.AccountId, id), new Claim(ClaimTypes.Name, user.Name)],
            SpacesClaims.CookieScheme);
        return http.SignInAsync(SpacesClaims.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>Ends the session.</summary>
    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(SpacesClaims.CookieScheme);

    /// <summary>A local return URL, or "/" for anything that would leave the platform.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
