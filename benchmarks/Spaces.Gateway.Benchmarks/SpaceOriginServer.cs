using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Gateway.Routing;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;

namespace Spaces.Gateway.Benchmarks;

/// <summary>
/// The gateway as the platform runs it for a Space's origin: the gateway middleware (host routing, the Space looked up in SQLite
/// through its cache, access check, the Space's headers from its README in git, activity) and the forwarder, with the platform's
/// Kestrel settings. Data (database, git) in a temporary folder removed at the end. One public Space, <see cref="Host"/>, runs at the
/// upstream.
/// </summary>
internal static class SpaceOriginServer
{
    public const string AppsDomain = "spaces.localhost";
    public const string Host = "bench--hello." + AppsDomain;

    public static async Task RunAsync(Uri upstream)
    {
        var dataDir = Directory.CreateTempSubdirectory("spaces-bench-gateway-").FullName;
        try
        {
            var control = new RunningSpaceControl(TimeProvider.System);
            await BenchmarkServers.RunAsync(
                app =>
                {
                    app.UseSpacesGateway();
                    app.Run(context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status404NotFound;
                        return Task.CompletedTask;
                    });
                },
                services =>
                {
                    var options = new SpacesOptions { DataDir = dataDir, AppsDomain = AppsDomain };
                    services.AddSingleton(Options.Create(options));
                    services.AddSpacesCore(options);
                    services.TryAddSingleton<SpaceNotifications>();
                    services.TryAddSingleton<SpaceStageStore>();
                    services.AddSingleton<ISpaceControl>(control);
                    services.AddSpacesGateway();
                },
                async provider =>
                {
                    await provider.MigrateSpacesDatabaseAsync();
                    control.Run(await CreateSpaceAsync(provider, upstream.Port));
                });
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<SpaceEndpoint> CreateSpaceAsync(IServiceProvider provider, int port)
    {
        const string Readme = "---\ntitle: Hello\nsdk: docker\napp_port: 7860\ncustom_headers:\n  cross-origin-resource-policy: same-site\n---\n";
        await using var scope = provider.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync("bench", "bench@example.test", "correct horse battery");
        var space = await scope.ServiceProvider.GetRequiredService<RepoService>().CreateAsync(Actor.Session(user), new CreateRepoRequest(
            RepoType.Space, "bench", "hello", IsPrivate: false, "docker",
            InitialFiles: [new PutFile("README.md", new MemoryStream(Encoding.UTF8.GetBytes(Readme))), new PutFile("Dockerfile", new MemoryStream("FROM x\n"u8.ToArray()))]));
        return new SpaceEndpoint(space.Id, space.HeadCommit!, port);
    }
}
