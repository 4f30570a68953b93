using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Persistence;
using Spaces.Core.Problems;

namespace Spaces.Core.Accounts;

/// <summary>A token's secret, returned once at creation, with the stored record.</summary>
public sealed record CreatedToken(AccessToken Token, string Secret);

/// <summary>Who a valid token belongs to and what it may do.</summary>
public sealed record TokenIdentity(Account User, AccessToken Token);

/// <summary>Access tokens: created (secret shown once), listed, revoked, and checked on every API or git request.</summary>
public sealed class TokenService(SpacesDbContext db, TimeProvider time)
{
    /// <summary>Every secret starts with this, so leaked tokens are easy to recognise.</summary>
    public const string SecretPrefix = "spc_";

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token for <paramref name="user"/>.</summary>
    public async Task<CreatedToken> CreateAsync(Account user, string name, TokenRole role, CancellationToken cancellationToken = default)
    {
        if (user.Kind != AccountKind.User)
        {
            throw ProblemException.Invalid("user", "Only users have access tokens.");
        }

        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 128)
        {
            throw ProblemException.Invalid("name", "A token needs a name of 1 to 128 characters.");
        }

        if (!Enum.IsDefined(role))
        {
            throw ProblemException.Invalid("role", $"Unknown token role '{role}': use read or write.");
        }

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', 'A').Replace('/', 'b');
        var token = new AccessToken
        {
            UserId = user.Id,
            Name = name,
            Role = role,
            Prefix = secret[..(SecretPrefix.Length + 6)],
            Hash = Hash(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(token, secret);
    }

    /// <summary>A user's tokens that are not revoked, newest first.</summary>
    public async Task<IReadOnlyList<AccessToken>> ListAsync(long userId, CancellationToken cancellationToken = default) =>
        await db.AccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .OrderByDescending(t => t.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Revokes one of the user's tokens; a token of someone else is "not found".</summary>
    public async Task RevokeAsync(long userId, long tokenId, CancellationToken cancellationToken = default)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, cancellationToken)
            ?? throw ProblemException.NotFound($"No token {tokenId}.");
        token.RevokedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The user and token a secret belongs to, or null when it is unknown or revoked.</summary>
    public async Task<TokenIdentity?> ValidateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        var token = await db.AccessTokens.Include(t => t.User)
            .FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, cancellationToken);
        if (token?.User is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return new TokenIdentity(token.User, token);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
