using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Persistence;
using Spaces.Core.Problems;

namespace Spaces.Core.Accounts;

/// <summary>Users, organizations and memberships.</summary>
public sealed class AccountService(SpacesDbContext db, IPasswordHasher<Account> hasher, TimeProvider time)
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Registers a user; the first to register while the platform has no administrator becomes one.</summary>
    public async Task<Account> RegisterAsync(string name, string? email, string password, CancellationToken cancellationToken = default)
    {
        AccountNames.ValidateAccount(name);
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            throw ProblemException.Invalid("password", $"The password must have at least {MinPasswordLength} characters.");
        }

        if (email is { Length: > 0 } && (!email.Contains('@', StringComparison.Ordinal) || email.Length > 256))
        {
            throw ProblemException.Invalid("email", $"'{email}' is not an e-mail address.");
        }

        // The first person to register becomes the administrator while the platform has none (a password-less service account such
        // as the examples' seeding bot, made before anyone registers, does not take that place).
        var isFirstAdmin = !await db.Accounts.AnyAsync(a => a.IsAdmin, cancellationToken);
        var user = await AddAccountAsync(name, AccountKind.User, cancellationToken, account =>
        {
            account.IsAdmin = isFirstAdmin;
            account.Email = string.IsNullOrEmpty(email) ? null : email;
            account.PasswordHash = hasher.HashPassword(account, password);
        });
        return user;
    }

    /// <summary>Finds a user by name for the admin command line, creating one without a password (tokens only) when needed.</summary>
    public async Task<Account> GetOrCreateUserAsync(string name, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing.Kind == AccountKind.User
                ? existing
                : throw ProblemException.Conflict($"'{name}' is an organization, not a user.", "user");
        }

        AccountNames.ValidateAccount(name, "user");
        return await AddAccountAsync(name, AccountKind.User, cancellationToken, _ => { });
    }

    /// <summary>Makes a user a platform administrator.</summary>
    public async Task MakeAdminAsync(Account user, CancellationToken cancellationToken = default)
    {
        user.IsAdmin = true;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The user whose name (or e-mail) and password match, or null.</summary>
    public async Task<Account?> VerifyPasswordAsync(string nameOrEmail, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(nameOrEmail) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var normalized = AccountNames.NormalizeAccount(nameOrEmail);
        var user = await db.Accounts.FirstOrDefaultAsync(
            a => a.Kind == AccountKind.User && (a.NormalizedName == normalized || a.Email == nameOrEmail), cancellationToken);
        if (user?.PasswordHash is null)
        {
            return null;
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return result == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>An account (user or organization) by name, case-insensitively.</summary>
    public Task<Account?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var normalized = AccountNames.NormalizeAccount(name);
        return db.Accounts.FirstOrDefaultAsync(a => a.NormalizedName == normalized, cancellationToken);
    }

    /// <summary>A user by id.</summary>
    public Task<Account?> FindUserAsync(long id, CancellationToken cancellationToken = default) =>
        db.Accounts.FirstOrDefaultAsync(a => a.Id == id && a.Kind == AccountKind.User, cancellationToken);

    /// <summary>Creates an organization whose first member (an admin) is <paramref name="creator"/>.</summary>
    public async Task<Account> CreateOrganizationAsync(Account creator, string name, string? displayName, CancellationToken cancellationToken = default)
    {
        AccountNames.ValidateAccount(name);
        var organization = await AddAccountAsync(name, AccountKind.Organization, cancellationToken, account =>
        {
            account.DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        });
        db.Memberships.Add(new Membership
        {
            OrganizationId = organization.Id,
            UserId = creator.Id,
            Role = OrganizationRole.Admin,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return organization;
    }

    /// <summary>The role of a user in an organization, or null when not a member.</summary>
    public async Task<OrganizationRole?> RoleInAsync(long organizationId, long userId, CancellationToken cancellationToken = default)
    {
        var membership = await db.Memberships.AsNoTracking()
            .FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);
        return membership?.Role;
    }

    /// <summary>Organizations a user belongs to, with the user's role.</summary>
    public async Task<IReadOnlyList<(Account Organization, OrganizationRole Role)>> OrganizationsOfAsync(long userId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Memberships.AsNoTracking().Include(m => m.Organization)
            .Where(m => m.UserId == userId).OrderBy(m => m.Organization!.NormalizedName).ToListAsync(cancellationToken);
        return [.. rows.Select(m => (m.Organization!, m.Role))];
    }

    /// <summary>Members of an organization with their roles.</summary>
    public async Task<IReadOnlyList<(Account User, OrganizationRole Role)>> MembersOfAsync(long organizationId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Memberships.AsNoTracking().Include(m => m.User)
            .Where(m => m.OrganizationId == organizationId).OrderBy(m => m.User!.NormalizedName).ToListAsync(cancellationToken);
        return [.. rows.Select(m => (m.User!, m.Role))];
    }

    /// <summary>Adds a user to an organization or changes their role; only the organization's admins (or platform admins) may.</summary>
    public async Task SetMemberAsync(Account actor, Account organization, string userName, OrganizationRole role, CancellationToken cancellationToken = default)
    {
        await RequireOrganizationAdminAsync(actor, organization, cancellationToken);
        var user = await FindAsync(userName, cancellationToken);
        if (user is null || user.Kind != AccountKind.User)
        {
            throw ProblemException.Invalid("user", $"There is no user named '{userName}'.");
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == organization.Id && m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { OrganizationId = organization.Id, UserId = user.Id, Role = role, CreatedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            membership.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes a member; the last admin cannot be removed.</summary>
    public async Task RemoveMemberAsync(Account actor, Account organization, string userName, CancellationToken cancellationToken = default)
    {
        await RequireOrganizationAdminAsync(actor, organization, cancellationToken);
        var normalized = AccountNames.NormalizeAccount(userName);
        var membership = await db.Memberships.Include(m => m.User)
            .FirstOrDefaultAsync(m => m.OrganizationId == organization.Id && m.User!.NormalizedName == normalized, cancellationToken)
            ?? throw ProblemException.NotFound($"'{userName}' is not a member of {organization.Name}.");
        if (membership.Role == OrganizationRole.Admin
            && await db.Memberships.CountAsync(m => m.OrganizationId == organization.Id && m.Role == OrganizationRole.Admin, cancellationToken) == 1)
        {
            throw ProblemException.Conflict($"'{userName}' is the last admin of {organization.Name}; make someone else admin first.");
        }

        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RequireOrganizationAdminAsync(Account actor, Account organization, CancellationToken cancellationToken)
    {
        if (organization.Kind != AccountKind.Organization)
        {
            throw ProblemException.Invalid("organization", $"'{organization.Name}' is not an organization.");
        }

        if (!actor.IsAdmin && await RoleInAsync(organization.Id, actor.Id, cancellationToken) != OrganizationRole.Admin)
        {
            throw ProblemException.Forbidden($"Only admins of {organization.Name} can change its members.");
        }
    }

    private async Task<Account> AddAccountAsync(string name, AccountKind kind, CancellationToken cancellationToken, Action<Account> fill)
    {
        var normalized = AccountNames.NormalizeAccount(name);
        if (await db.Accounts.AnyAsync(a => a.NormalizedName == normalized, cancellationToken))
        {
            throw ProblemException.Conflict($"The name '{name}' is taken.", "name");
        }

        var account = new Account
        {
            Name = name,
            NormalizedName = normalized,
            Kind = kind,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        fill(account);
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race for the same name: the unique index decided.
            db.Accounts.Remove(account);
            throw ProblemException.Conflict($"The name '{name}' is taken.", "name");
        }

        return account;
    }
}
