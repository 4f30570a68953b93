using Spaces.Core.Accounts;
using Spaces.Core.Problems;

namespace Spaces.Web.Admin;

/// <summary>
/// Operator commands run against the same data directory and database as the platform (<c>scripts/admin ...</c>):
/// <c>create-token --user NAME [--role read|write] [--admin] [--name TOKEN_NAME]</c> prints one new token on standard output.
/// </summary>
public static class AdminCommand
{
    /// <summary>The first argument that selects admin mode instead of serving.</summary>
    public const string Verb = "admin";

    private const string Usage = "usage: scripts/admin create-token --user NAME [--role read|write] [--admin] [--name TOKEN_NAME]";

    /// <summary>Logs go to standard error at warning level, so standard output carries only the command's answer.</summary>
    public static void QuietLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }

    /// <summary>Runs one command; returns the process exit code (0 ok, 2 usage, 1 refused).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["create-token", .. var rest])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        string? user = null, role = "write", name = null;
        var admin = false;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--user" when i + 1 < rest.Length:
                    user = rest[++i];
                    break;
                case "--role" when i + 1 < rest.Length:
                    role = rest[++i];
                    break;
                case "--name" when i + 1 < rest.Length:
                    name = rest[++i];
                    break;
                case "--admin":
                    admin = true;
                    break;
                default:
                    await error.WriteLineAsync($"unknown or incomplete option '{rest[i]}'\n{Usage}");
                    return 2;
            }
        }

        if (string.IsNullOrEmpty(user) || role is not ("read" or "write"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        try
        {
            var account = await accounts.GetOrCreateUserAsync(user);
            if (admin && !account.IsAdmin)
            {
                await accounts.MakeAdminAsync(account);
            }

            var created = await tokens.CreateAsync(account, name ?? $"admin-cli-{DateTime.UtcNow:yyyyMMddHHmmss}",
                role == "write" ? TokenRole.Write : TokenRole.Read);
            await output.WriteLineAsync(created.Secret);
            return 0;
        }
        catch (ProblemException problem)
        {
            await error.WriteLineAsync(problem.Message);
            return 1;
        }
    }
}
