namespace Spaces.Core.Accounts;

/// <summary>Whether an account is a person or an organization; both own repositories (they share one namespace).</summary>
public enum AccountKind
{
    /// <summary>A person who logs in.</summary>
    User = 0,

    /// <summary>A group of users; it never logs in.</summary>
    Organization = 1,
}

/// <summary>A user or an organization: the owner part of every repository id <c>owner/name</c>.</summary>
public sealed class Account
{
    public long Id { get; set; }

    /// <summary>The name as written by its owner (unique case-insensitively through <see cref="NormalizedName"/>).</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case <see cref="Name"/>, unique.</summary>
    public required string NormalizedName { get; set; }

    public AccountKind Kind { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    /// <summary>ASP.NET Core Identity's PasswordHasher output; null for organizations.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Platform administrator (the first registered user is one).</summary>
    public bool IsAdmin { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>What a member may do in an organization.</summary>
public enum OrganizationRole
{
    /// <summary>Reads the organization's private repositories.</summary>
    Read = 0,

    /// <summary>Also writes to its repositories and creates new ones.</summary>
    Write = 1,

    /// <summary>Also manages members and settings.</summary>
    Admin = 2,
}

/// <summary>A user's membership in an organization.</summary>
public sealed class Membership
{
    public long OrganizationId { get; set; }

    public Account? Organization { get; set; }

    public long UserId { get; set; }

    public Account? User { get; set; }

    public OrganizationRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
