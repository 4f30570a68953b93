using Spaces.Core.Accounts;

namespace Spaces.Core.Repositories;

/// <summary>Who is asking: a user, and whether their credential allows writing (a read token does not; a login session does).</summary>
public sealed record Actor(Account User, bool CanWrite)
{
    /// <summary>A logged-in user (cookie session): reads and writes whatever the user may.</summary>
    public static Actor Session(Account user) => new(user, CanWrite: true);

    /// <summary>A user through an access token of the given role.</summary>
    public static Actor FromToken(Account user, TokenRole role) => new(user, role == TokenRole.Write);
}
