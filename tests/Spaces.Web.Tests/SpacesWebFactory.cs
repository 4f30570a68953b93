using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;

namespace Spaces.Web.Tests;

/// <summary>
/// The real host over a temporary data directory (SQLite inside it by default; <see cref="UsePostgres"/> for a fresh PostgreSQL
/// database); settings can be overridden per test class.
/// </summary>
public class SpacesWebFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = [];
    private string? _postgresDatabase;

    public SpacesWebFactory()
    {
        DataDir = Path.Combine(Path.GetTempPath(), $"spaces-web-tests-{Guid.NewGuid():N}");
        _settings["Spaces:DataDir"] = DataDir;
        _settings["Spaces:Seeding:Enabled"] = "false";
    }

    public string DataDir { get; }

    public SpacesWebFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Runs the host on a new PostgreSQL database (dropped on dispose) from SPACES_TEST_POSTGRES.</summary>
    public SpacesWebFactory UsePostgres()
    {
        _postgresDatabase = TestPostgres.CreateDatabase();
        return With("Spaces:Database", TestPostgres.ConnectionString(_postgresDatabase));
    }

    /// <summary>Creates a user (through the real services) and a token for it.</summary>
    public async Task<(Account User, string Token)> CreateUserAsync(string name, TokenRole role = TokenRole.Write, string password = "correct horse battery")
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var user = await accounts.RegisterAsync(name, $"{name}@example.test", password);
        var token = await tokens.CreateAsync(user, "tests", role);
        return (user, token.Secret);
    }

    /// <summary>An HTTP client sending <paramref name="token"/> as a Bearer token.</summary>
    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (_postgresDatabase is not null)
        {
            TestPostgres.DropDatabase(_postgresDatabase);
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
