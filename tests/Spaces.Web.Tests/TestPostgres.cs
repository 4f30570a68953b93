using Npgsql;

namespace Spaces.Web.Tests;

/// <summary>Fresh PostgreSQL databases for tests, on the server scripts/test starts (SPACES_TEST_POSTGRES).</summary>
public static class TestPostgres
{
    private static string Server =>
        Environment.GetEnvironmentVariable("SPACES_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "SPACES_TEST_POSTGRES is not set: run the tests through scripts/test (it starts PostgreSQL and sets it), " +
                "or export an Npgsql connection string to a server where the user may create databases.");

    /// <summary>Creates an empty database and returns its name.</summary>
    public static string CreateDatabase()
    {
        var name = $"spaces_test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>The connection string of a test database.</summary>
    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();

    /// <summary>
    /// Drops a test database (closing what still uses it). A session the test user may not end (an autovacuum worker, on a server
    /// where the user lacks pg_signal_backend) makes the drop fail: it is tried again while such a worker finishes.
    /// </summary>
    public static void DropDatabase(string database)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(Server);
                connection.Open();
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                command.ExecuteNonQuery();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                Thread.Sleep(250);
            }
        }
    }
}
