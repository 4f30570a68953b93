using Microsoft.EntityFrameworkCore;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;

namespace Spaces.Core.Repositories;

/// <summary>Who may read and write a repository. Private repositories are invisible (404) to anyone who may not read them.</summary>
public sealed class RepoAccess(SpacesDbContext db)
{
    /// <summary>Reading: public repositories to everyone; private ones to the owner, the owning organization's members and admins.</summary>
    public async Task<bool> CanReadAsync(Actor? actor, Repo repo, CancellationToken cancellationToken = default) =>
        !repo.IsPrivate || (actor is not null && await RoleAsync(actor.User, repo.OwnerId, cancellationToken) is not null);

    /// <summary>Writing: the owner, members with write or admin role, platform admins — through a credential that allows writes.</summary>
    public async Task<bool> CanWriteAsync(Actor? actor, Repo repo, CancellationToken cancellationToken = default) =>
        actor is { CanWrite: true } && await RoleAsync(actor.User, repo.OwnerId, cancellationToken) is OrganizationRole.Write or OrganizationRole.Admin;

    /// <summary>Whether <paramref name="actor"/> may create repositories under the account <paramref name="ownerId"/>.</summary>
    public async Task<bool> CanCreateUnderAsync(Actor actor, long ownerId, CancellationToken cancellationToken = default) =>
        actor.CanWrite && await RoleAsync(actor.User, ownerId, cancellationToken) is OrganizationRole.Write or OrganizationRole.Admin;

    /// <summary>Account ids whose private repositories <paramref name="user"/> may read (itself and its organizations).</summary>
    public async Task<IReadOnlyList<long>> ReadableOwnersAsync(Account user, CancellationToken cancellationToken = default)
    {
        var organizations = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.OrganizationId).ToListAsync(cancellationToken);
        return [user.Id, .. organizations];
    }

    // The user's standing towards an owner: itself and platform admins count as admin.
    private async Task<OrganizationRole?> RoleAsync(Account user, long ownerId, CancellationToken cancellationToken)
    {
        if (user.Id == ownerId || user.IsAdmin)
        {
            return OrganizationRole.Admin;
        }

        var membership = await db.Memberships.AsNoTracking()
            .FirstOrDefaultAsync(m => m.OrganizationId == ownerId && m.UserId == user.Id, cancellationToken);
        return membership?.Role;
    }
}
