using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Spaces.Core.Persistence;

namespace Spaces.Web.Tests.Persistence;

/// <summary>
/// The PinnedSpaces migration on a database that already holds repositories (schema at CardSearch): Spaces whose stored card data
/// says <c>pinned: true</c> come out pinned, everything else not, on both providers.
/// </summary>
public sealed class PinnedSpacesMigrationTests
{
    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Existing_spaces_are_pinned_from_their_stored_card(string database)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"spaces-migration-tests-{Guid.NewGuid():N}");
        var postgres = database == "postgres" ? TestPostgres.CreateDatabase() : null;
        try
        {
            await using var db = Open(dataDir, postgres);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("CardSearch");
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_CardSearch", StringComparison.Ordinal));
            Assert.Contains(await db.Database.GetPendingMigrationsAsync(), m => m.EndsWith("_PinnedSpaces", StringComparison.Ordinal));

            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Accounts" ("Name", "NormalizedName", "Kind", "IsAdmin", "CreatedAt") VALUES ('ada', 'ada', 0, FALSE, '2026-01-01 00:00:00');
                """);
            // Type 1 is a Space, 0 a model (models are never pinned).
            foreach (var (type, name, card) in new (int, string, string?)[]
            {
                (1, "pinned", """{"title":"Pinned","pinned":true}"""),
                (1, "unpinned", """{"title":"Unpinned","pinned":false}"""),
                (1, "quoted", """{"pinned":"true"}"""),
                (1, "nested", """{"extra":{"pinned":true}}"""),
                (1, "no-card", null),
                (0, "model", """{"pinned":true}"""),
            })
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "Repos" ("Type", "OwnerId", "Name", "NormalizedName", "IsPrivate", "StorageKey", "Likes", "CardData", "CreatedAt", "LastModified")
                    VALUES ({type}, (SELECT "Id" FROM "Accounts" WHERE "NormalizedName" = 'ada'), {name}, {name}, FALSE, {Guid.NewGuid().ToString("N")}, 0, {card},
                            '2026-01-01 00:00:00', '2026-01-01 00:00:00')
                    """);
            }

            await migrator.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var rows = await db.Repos.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Name, r.Pinned }).ToListAsync();
            Assert.Equal(6, rows.Count);
            Assert.Equal(["pinned"], rows.Where(r => r.Pinned).Select(r => r.Name));
        }
        finally
        {
            if (postgres is not null)
            {
                TestPostgres.DropDatabase(postgres);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static SpacesDbContext Open(string dataDir, string? postgres)
    {
        if (postgres is not null)
        {
            return new PostgresSpacesDbContext(new DbContextOptionsBuilder<PostgresSpacesDbContext>()
                .UseNpgsql(TestPostgres.ConnectionString(postgres)).Options);
        }

        Directory.CreateDirectory(dataDir);
        return new SqliteSpacesDbContext(new DbContextOptionsBuilder<SqliteSpacesDbContext>()
            .UseSqlite(DatabaseExtensions.SqliteConnectionString(dataDir)).Options);
    }
}
