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

    public async Task<AppAccess> CheckAsync(HttpContext context, Repo space, CancellationToken cancellationToken)
    {
        if (!space.IsPrivate)
        {
            return AppAccess.Allowed;
        }

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
        context.Response.Cookies.Append(PlatformCredentials.AppCookie, tokens.CreateAppCookie(spaceId), new CookieOptions
        {
            // Host-only (no Domain): the cookie belongs to this Space's origin alone.
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Secure = context.Request.IsHttps,
            MaxAge = _options.AppCookieLifetime,
            IsEssential = true,
        });

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
