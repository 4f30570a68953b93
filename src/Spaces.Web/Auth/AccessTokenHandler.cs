using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;

namespace Spaces.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> and HTTP Basic with a token as the password (any user name, as git
/// clients send it). A wrong token fails the request (401) rather than falling back to anonymous.
/// </summary>
internal sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }

        string? secret = header.Scheme.ToLowerInvariant() switch
        {
            "bearer" => header.Parameter,
            "basic" => PasswordOfBasic(header.Parameter),
            _ => null,
        };
        if (secret is null)
        {
            return AuthenticateResult.Fail("Unsupported Authorization header: send a Bearer access token.");
        }

        var identity = await tokens.ValidateAsync(secret, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Invalid or revoked access token.");
        }

        var claims = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, identity.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(SpacesClaims.AccountId, identity.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, identity.User.Name),
                new Claim(SpacesClaims.TokenRole, identity.Token.Role == TokenRole.Write ? "write" : "read"),
                new Claim(SpacesClaims.TokenName, identity.Token.Name),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // git asks for credentials only when challenged with Basic.
        Response.Headers.WWWAuthenticate = "Basic realm=\"Spaces\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    private static string? PasswordOfBasic(string parameter)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
