using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.SpaceSettings;

namespace Spaces.Core;

/// <summary>Registers the domain services the platform, its tests and its benchmarks share.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The database (SQLite or PostgreSQL from <paramref name="options"/>), accounts and tokens, repositories on git with their events,
    /// Space variables and secrets, and data protection with its keys in the data directory (sessions and secrets survive restarts and
    /// are shared with <c>scripts/admin</c>). <c>IOptions&lt;SpacesOptions&gt;</c> is the caller's to register (bound or created).
    /// </summary>
    public static IServiceCollection AddSpacesCore(this IServiceCollection services, SpacesOptions options, string applicationName = "Spaces")
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSpacesDatabase(options);
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.TryAddScoped<AccountService>();
        services.TryAddScoped<TokenService>();
        services.TryAddScoped<RepoAccess>();
        services.TryAddScoped<RepoService>();
        services.TryAddSingleton<RepoStorage>();
        services.TryAddSingleton<RepoEvents>();
        services.TryAddScoped<SpaceEnvironmentService>();
        services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirFullPath, "keys")));
        return services;
    }
}
