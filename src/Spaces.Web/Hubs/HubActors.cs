using System.Globalization;
using System.Security.Claims;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;

namespace Spaces.Web.Hubs;

/// <summary>
/// The <see cref="Actor"/> of a hub connection's principal, by the same rules as <see cref="ActorAccessor"/> (which reads the
/// current HTTP request, and a hub invocation is not one).
/// </summary>
internal static class HubActors
{
    /// <summary>The caller, or null when anonymous (or the account no longer exists).</summary>
    public static async Task<Actor?> ResolveAsync(ClaimsPrincipal? principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (principal?.FindFirstValue(SpacesClaims.AccountId) is not { } id
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            || await services.GetRequiredService<AccountService>().FindUserAsync(accountId, cancellationToken) is not { } user)
        {
            return null;
        }

        return principal.FindFirstValue(SpacesClaims.TokenRole) is { } role
            ? Actor.FromToken(user, role == "write" ? TokenRole.Write : TokenRole.Read)
            : Actor.Session(user);
    }
}
