namespace Spaces.Core.Accounts;

/// <summary>What an access token allows: reading, or reading and writing, whatever its user may.</summary>
public enum TokenRole
{
    /// <summary>Read what the user can read.</summary>
    Read = 0,

    /// <summary>Also write (API writes, git push).</summary>
    Write = 1,
}

/// <summary>An access token; only its SHA-256 hash is stored, the secret is shown once when created.</summary>
public sealed class AccessToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public Account? User { get; set; }

    public required string Name { get; set; }

    public TokenRole Role { get; set; }

    /// <summary>The first characters of the secret, shown in lists so people can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
