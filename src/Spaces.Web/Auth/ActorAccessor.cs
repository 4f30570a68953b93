using System.Globalization;
using System.Security.Claims;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Web.Auth;

/// <summary>Turns the request's principal into the <see cref="Actor"/> the services check, loading the account once per request.</summary>
public sealed class ActorAccessor(IHttpContextAccessor http, AccountService accounts)
{
    private Actor? _actor;
    private bool _loaded;

    /// <summary>The caller, or null when anonymous (or the account no longer exists).</summary>
    public async Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return _actor;
        }

        var principal = http.HttpContext?.User;
        if (principal?.FindFirstValue(SpacesClaims.AccountId) is { } id
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            && await accounts.FindUserAsync(accountId, cancellationToken) is { } user)
        {
            _actor = principal.FindFirstValue(SpacesClaims.TokenRole) is { } role
                ? Actor.FromToken(user, role == "write" ? TokenRole.Write : TokenRole.Read)
                : Actor.Session(user);
        }

        _loaded = true;
        return _actor;
    }

    /// <summary>The caller, or a 401 problem when anonymous.</summary>
    public async Task<Actor> RequireAsync(CancellationToken cancellationToken = default) =>
        await GetAsync(cancellationToken)
        ?? throw new Spaces.Core.Problems.ProblemException(Spaces.Core.Problems.ProblemKind.Unauthorized,
            "Log in, or send an access token as 'Authorization: Bearer <token>'.");
}
