using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Configuration;

namespace Spaces.Core.Persistence;

/// <summary>Chooses the provider from <see cref="SpacesOptions.Database"/> and brings the schema up to date.</summary>
public static class DatabaseExtensions
{
    /// <summary>File name of the SQLite database inside the data directory.</summary>
    public const string SqliteFileName = "spaces.db";

    /// <summary>Whether a database setting names PostgreSQL (anything non-empty) rather than SQLite (empty).</summary>
    public static bool IsPostgres(string? database) => !string.IsNullOrWhiteSpace(database);

    /// <summary>The SQLite connection string for a data directory.</summary>
    public static string SqliteConnectionString(string dataDir) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(dataDir), SqliteFileName),
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Registers <see cref="SpacesDbContext"/> for SQLite in the data directory or PostgreSQL.</summary>
    public static IServiceCollection AddSpacesDatabase(this IServiceCollection services, SpacesOptions options)
    {
        if (IsPostgres(options.Database))
        {
            services.AddDbContext<PostgresSpacesDbContext>(db => db.UseNpgsql(options.Database));
            services.AddScoped<SpacesDbContext>(sp => sp.GetRequiredService<PostgresSpacesDbContext>());
        }
        else
        {
            var connection = SqliteConnectionString(options.DataDir);
            services.AddDbContext<SqliteSpacesDbContext>(db => db.UseSqlite(connection));
            services.AddScoped<SpacesDbContext>(sp => sp.GetRequiredService<SqliteSpacesDbContext>());
        }

        return services;
    }

    /// <summary>Applies pending migrations (and, for SQLite, turns on write-ahead logging so readers never wait for a writer).</summary>
    public static async Task MigrateSpacesDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        if (db.Database.IsSqlite())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)!);
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
