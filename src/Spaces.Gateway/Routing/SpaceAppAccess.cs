using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Who may use a private Space's app: a visitor holding a valid <c>__spaces_app</c> cookie for the Space, one arriving with a valid
/// token from the Space page (exchanged here for that cookie), or an API client sending a platform access token of a user who can read
/// the Space. Public Spaces are open to everyone.
/// </summary>
internal sealed class SpaceAppAccess(SpaceAccessTokens tokens, IServiceScopeFactory scopes, IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _options = options.Value;

    public ValueTask<AppAccess> CheckAsync(HttpContext context, Repo space, CancellationToken cancellationToken) =>
        space.IsPrivate ? new ValueTask<AppAccess>(CheckPrivateAsync(context, space, cancellationToken)) : ValueTask.FromResult(AppAccess.Allowed);

    private async Task<AppAccess> CheckPrivateAsync(HttpContext context, Repo space, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.Query.TryGetValue(SpaceAccessTokens.QueryParameter, out var token) && token.Count == 1 && tokens.Validate(token[0], space.Id))
        {
            SetAppCookie(context, space.Id);
            var withoutToken = WithoutToken(request.QueryString);
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                // The token leaves the address bar and the app's logs; the cookie carries the visit from here on.
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = (request.PathBase + request.Path).ToUriComponent() + withoutToken.ToUriComponent();
                context.Response.Headers.CacheControl = "no-store";
                return AppAccess.Answered;
            }

            request.QueryString = withoutToken;
            return AppAccess.Allowed;
        }

        if (tokens.ValidateAppCookie(request.Cookies[PlatformCredentials.AppCookie], space.Id))
        {
            return AppAccess.Allowed;
        }

        return await CanReadWithAccessTokenAsync(request, space, cancellationToken) ? AppAccess.Allowed : AppAccess.Denied;
    }

    /// <summary>The query without the token parameter (other parameters kept in order).</summary>
    internal static QueryString WithoutToken(QueryString query)
    {
        var kept = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(query.Value))
        {
            if (!string.Equals(key, SpaceAccessTokens.QueryParameter, StringComparison.Ordinal))
            {
                foreach (var value in values)
                {
                    kept.Add(key, value ?? "");
                }
            }
        }

        return kept.ToQueryString();
    }

    private void SetAppCookie(HttpContext context, long spaceId) =>
        context.Response.Cookies.Append(PlatformCredentials.AppCookie, tokens.CreateAppCookie(spaceId), AppCookieOptions(context.Request, _options.AppCookieLifetime));

    /// <summary>
    /// The app cookie's attributes. Host-only (no Domain) and HttpOnly always. The Space page frames the app from another site
    /// (<c>localhost</c> frames <c>x--y.spaces.localhost</c>), where Chromium neither stores nor sends a Lax cookie and blocks unpartitioned
    /// third-party cookies (headless Chromium 156, measured): so on a secure context (HTTPS, or <c>localhost</c>, <c>*.localhost</c> and
    /// loopback addresses, which browsers treat as potentially trustworthy and where they accept Secure cookies over HTTP) the cookie is
    /// <c>SameSite=None; Secure; Partitioned</c> (CHIPS): kept per top-level site, so it works inside the platform's frame and on a
    /// top-level visit alike, and no other top-level site's frames carry it. Over plain HTTP on any other host a Secure cookie would be
    /// dropped, so it stays Lax there (top-level visits work; embedding a private Space then needs HTTPS).
    /// </summary>
    internal static CookieOptions AppCookieOptions(HttpRequest request, TimeSpan lifetime)
    {
        var options = new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        };
        if (IsSecureContext(request))
        {
            options.Secure = true;
            options.SameSite = SameSiteMode.None;
            options.Extensions.Add("Partitioned");
        }

        return options;
    }

    /// <summary>Whether browsers treat the request's origin as potentially trustworthy (W3C Secure Contexts), so Secure cookies stick.</summary>
    internal static bool IsSecureContext(HttpRequest request)
    {
        if (request.IsHttps)
        {
            return true;
        }

        var host = request.Host.Host.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private async Task<bool> CanReadWithAccessTokenAsync(HttpRequest request, Repo space, CancellationToken cancellationToken)
    {
        var secret = request.Headers.Authorization.Select(PlatformCredentials.BearerToken).FirstOrDefault(t => t is not null);
        if (secret is null)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var identity = await scope.ServiceProvider.GetRequiredService<TokenService>().ValidateAsync(secret, cancellationToken);
        return identity is not null
            && await scope.ServiceProvider.GetRequiredService<RepoAccess>().CanReadAsync(Actor.FromToken(identity.User, identity.Token.Role), space, cancellationToken);
    }
}
