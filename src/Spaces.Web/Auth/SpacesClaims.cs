namespace Spaces.Web.Auth;

/// <summary>Claim types and scheme names the platform's authentication uses.</summary>
public static class SpacesClaims
{
    /// <summary>The account id (also the NameIdentifier claim's value).</summary>
    public const string AccountId = "spaces:account";

    /// <summary>"read" or "write": present on token-authenticated requests only; a login session writes.</summary>
    public const string TokenRole = "spaces:token-role";

    /// <summary>The name of the access token used (token-authenticated requests only).</summary>
    public const string TokenName = "spaces:token-name";

    /// <summary>Cookie authentication for the UI.</summary>
    public const string CookieScheme = "Cookies";

    /// <summary>Access tokens as <c>Authorization: Bearer</c> (API) or as the password of HTTP Basic (git).</summary>
    public const string TokenScheme = "Token";

    /// <summary>The default scheme: a token when the request carries an Authorization header, the cookie otherwise.</summary>
    public const string SmartScheme = "Spaces";
}
