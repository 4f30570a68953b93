using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Spaces.Core.Persistence;

/// <summary>Used by <c>dotnet ef migrations add ... --context SqliteSpacesDbContext</c> only.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSpacesDbContext>
{
    public SqliteSpacesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSpacesDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Used by <c>dotnet ef migrations add ... --context PostgresSpacesDbContext</c> only (no server is contacted).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSpacesDbContext>
{
    public PostgresSpacesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSpacesDbContext>().UseNpgsql("Host=localhost;Database=spaces_design").Options);
}
