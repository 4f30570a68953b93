using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Persistence;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;

namespace Spaces.Core.SpaceSettings;

/// <summary>A variable or secret as listed: secrets never carry their value.</summary>
public sealed record SpaceEnvironmentEntry(string Key, string? Value, string? Description, DateTime UpdatedAt);

/// <summary>
/// A Space's variables (plain, copied on duplicate) and secrets (write-only: encrypted with data protection, never returned,
/// never copied). Both become environment variables of the running app; secrets are never build arguments or logged.
/// </summary>
public sealed partial class SpaceEnvironmentService(SpacesDbContext db, RepoService repos, IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>Largest value accepted, in characters.</summary>
    public const int MaxValueLength = 65_536;

    /// <summary>Names the platform sets itself; a Space cannot override them.</summary>
    public static readonly IReadOnlySet<string> BuiltInNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "SPACE_ID", "SPACE_HOST", "SPACE_AUTHOR_NAME", "SPACE_REPO_NAME", "SPACE_TITLE", "CPU_CORES", "MEMORY", "ACCELERATOR",
    };

    private readonly IDataProtector _protector = protection.CreateProtector("Spaces.SpaceSecrets.v1");

    /// <summary>Variables of a Space (the caller must be allowed to write it).</summary>
    public async Task<IReadOnlyList<SpaceEnvironmentEntry>> ListVariablesAsync(Actor actor, Repo space, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        return await db.SpaceVariables.AsNoTracking().Where(v => v.RepoId == space.Id).OrderBy(v => v.Key)
            .Select(v => new SpaceEnvironmentEntry(v.Key, v.Value, v.Description, v.UpdatedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Secrets of a Space, without values.</summary>
    public async Task<IReadOnlyList<SpaceEnvironmentEntry>> ListSecretsAsync(Actor actor, Repo space, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        return await db.SpaceSecrets.AsNoTracking().Where(s => s.RepoId == space.Id).OrderBy(s => s.Key)
            .Select(s => new SpaceEnvironmentEntry(s.Key, null, s.Description, s.UpdatedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Adds or replaces a variable.</summary>
    public async Task SetVariableAsync(Actor actor, Repo space, string? key, string? value, string? description, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        var name = ValidateKey(key);
        ValidateValue(value, description);
        await RequireUnusedByOtherKindAsync(space, name, secret: false, cancellationToken);
        var existing = await db.SpaceVariables.FirstOrDefaultAsync(v => v.RepoId == space.Id && v.Key == name, cancellationToken);
        if (existing is null)
        {
            db.SpaceVariables.Add(new SpaceVariable { RepoId = space.Id, Key = name, Value = value!, Description = description, UpdatedAt = Now });
        }
        else
        {
            existing.Value = value!;
            existing.Description = description;
            existing.UpdatedAt = Now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds or replaces a secret (its value is encrypted at rest).</summary>
    public async Task SetSecretAsync(Actor actor, Repo space, string? key, string? value, string? description, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        var name = ValidateKey(key);
        ValidateValue(value, description);
        await RequireUnusedByOtherKindAsync(space, name, secret: true, cancellationToken);
        var protectedValue = _protector.Protect(value!);
        var existing = await db.SpaceSecrets.FirstOrDefaultAsync(s => s.RepoId == space.Id && s.Key == name, cancellationToken);
        if (existing is null)
        {
            db.SpaceSecrets.Add(new SpaceSecret { RepoId = space.Id, Key = name, ProtectedValue = protectedValue, Description = description, UpdatedAt = Now });
        }
        else
        {
            existing.ProtectedValue = protectedValue;
            existing.Description = description;
            existing.UpdatedAt = Now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes a variable; a missing key is a 404.</summary>
    public async Task DeleteVariableAsync(Actor actor, Repo space, string? key, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        var deleted = await db.SpaceVariables.Where(v => v.RepoId == space.Id && v.Key == key).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw ProblemException.NotFound($"{space.FullName} has no variable '{key}'.");
        }
    }

    /// <summary>Deletes a secret; a missing key is a 404.</summary>
    public async Task DeleteSecretAsync(Actor actor, Repo space, string? key, CancellationToken cancellationToken = default)
    {
        await RequireSpaceWriterAsync(actor, space, cancellationToken);
        var deleted = await db.SpaceSecrets.Where(s => s.RepoId == space.Id && s.Key == key).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw ProblemException.NotFound($"{space.FullName} has no secret '{key}'.");
        }
    }

    /// <summary>
    /// Everything the app's environment gets from settings, secrets decrypted — for the runner only; never log or return it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveForRuntimeAsync(long spaceId, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in await db.SpaceVariables.AsNoTracking().Where(v => v.RepoId == spaceId).ToListAsync(cancellationToken))
        {
            result[variable.Key] = variable.Value;
        }

        foreach (var secret in await db.SpaceSecrets.AsNoTracking().Where(s => s.RepoId == spaceId).ToListAsync(cancellationToken))
        {
            result[secret.Key] = _protector.Unprotect(secret.ProtectedValue);
        }

        return result;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task RequireSpaceWriterAsync(Actor actor, Repo space, CancellationToken cancellationToken)
    {
        if (space.Type != RepoType.Space)
        {
            throw ProblemException.Invalid("repo", $"{space.FullName} is not a Space: only Spaces have variables and secrets.");
        }

        await repos.RequireWriteAsync(actor, space, cancellationToken);
    }

    private async Task RequireUnusedByOtherKindAsync(Repo space, string key, bool secret, CancellationToken cancellationToken)
    {
        var clash = secret
            ? await db.SpaceVariables.AnyAsync(v => v.RepoId == space.Id && v.Key == key, cancellationToken)
            : await db.SpaceSecrets.AnyAsync(s => s.RepoId == space.Id && s.Key == key, cancellationToken);
        if (clash)
        {
            throw ProblemException.Conflict($"'{key}' is already a {(secret ? "variable" : "secret")} of {space.FullName}; delete it first.", "key");
        }
    }

    private static string ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || !KeyPattern().IsMatch(key))
        {
            throw ProblemException.Invalid("key", $"'{key}' is not a valid name: use letters, digits and '_', not starting with a digit, at most 128 characters.");
        }

        if (BuiltInNames.Contains(key))
        {
            throw ProblemException.Invalid("key", $"'{key}' is set by the platform and cannot be overridden.");
        }

        return key;
    }

    private static void ValidateValue(string? value, string? description)
    {
        if (value is null)
        {
            throw ProblemException.Invalid("value", "The value is missing.");
        }

        if (value.Length > MaxValueLength)
        {
            throw new ProblemException(ProblemKind.TooLarge, $"The value is longer than {MaxValueLength} characters.", "value");
        }

        if (description is { Length: > 512 })
        {
            throw ProblemException.Invalid("description", "The description is longer than 512 characters.");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex KeyPattern();
}
