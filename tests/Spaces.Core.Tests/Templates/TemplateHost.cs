using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Templates;

namespace Spaces.Core.Tests.Templates;

/// <summary>The real core services (SQLite and git in a temporary folder) with the repository's templates/ folder.</summary>
public sealed class TemplateHost : IAsyncLifetime
{
    private ServiceProvider? _services;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "spaces-template-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public Account User { get; private set; } = null!;

    /// <summary>The repository's own templates/ folder (found above the test's output folder).</summary>
    public static string TemplatesDirectory { get; } = Path.Combine(RepositoryRoot(), "templates");

    public async Task InitializeAsync()
    {
        var spaces = new SpacesOptions { DataDir = DataDir };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(spaces));
        services.AddSpacesCore(spaces, "Spaces.Core.Tests");
        services.AddSpaceTemplates();
        services.Configure<SpaceTemplateOptions>(o => o.Directory = TemplatesDirectory);
        _services = services.BuildServiceProvider();
        Directory.CreateDirectory(DataDir);
        await _services.MigrateSpacesDatabaseAsync();
        await using var scope = _services.CreateAsyncScope();
        User = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync("maker");
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Spaces.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Spaces.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
