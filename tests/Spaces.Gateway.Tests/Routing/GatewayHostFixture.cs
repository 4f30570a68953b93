using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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

namespace Spaces.Gateway.Tests.Routing;

/// <summary>
/// The gateway middleware with the real forwarder, the real repositories (SQLite and git in a temporary folder) and access checks, in
/// front of a Kestrel app that stands in for a Space's container and echoes what reached it. Behind the gateway, "the platform" answers
/// <c>platform</c>.
/// </summary>
public class GatewayHostFixture : IAsyncLifetime
{
    public const string AppsDomain = "spaces.localhost";
    public const string Owner = "ana";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"spaces-gateway-tests-{Guid.NewGuid():N}");
    private WebApplication? _upstream;
    private WebApplication? _gateway;

    internal FakeSpaceControl Control { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _gateway!.Services;

    public string OwnerToken { get; private set; } = "";

    public long PublicId { get; private set; }

    public long PrivateId { get; private set; }

    public async Task InitializeAsync()
    {
        _upstream = await StartUpstreamAsync();
        var upstreamPort = Port(_upstream);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The platform's Kestrel settings (inline scheduling: code continues where a socket completion arrives).
        builder.WebHost.UseSpacesGatewayHosting();
        builder.WebHost.UseKestrel(o =>
        {
            ConfigureKestrel(o);
            o.Listen(IPAddress.Loopback, 0);
        });
        var options = new SpacesOptions { DataDir = _dataDir, AppsDomain = AppsDomain };
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSpacesCore(options);
        builder.Services.TryAddSingleton<SpaceNotifications>();
        builder.Services.TryAddSingleton<SpaceStageStore>();
        builder.Services.AddSingleton<ISpaceControl>(Control);
        builder.Services.AddSpacesGateway();
        // This test process has one socket engine thread (not one per core), where the default would keep Space connections off it.
        builder.Services.Configure<GatewayOptions>(o => o.InlineSpaceConnections = true);
        ConfigureServices(builder.Services);
        _gateway = builder.Build();
        _gateway.UseSpacesGateway();
        // "/thread" tells which kind of thread the platform's code ran on; "/thread-after-body", where it went on after reading the body.
        _gateway.Run(async context =>
        {
            if (context.Request.Path == "/thread-after-body")
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
            }

            await context.Response.WriteAsync(context.Request.Path.Value!.StartsWith("/thread", StringComparison.Ordinal) ? ThreadKind() : "platform");
        });
        Directory.CreateDirectory(_dataDir);
        await _gateway.Services.MigrateSpacesDatabaseAsync();
        await _gateway.StartAsync();

        await using (var scope = _gateway.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(Owner, "ana@example.test", "correct horse battery");
            OwnerToken = (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(user, "tests", TokenRole.Read)).Secret;
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            var open = await CreateSpaceAsync(repos, user, "echo", isPrivate: false);
            var hidden = await CreateSpaceAsync(repos, user, "hidden", isPrivate: true);
            // Both "run" in the stand-in container, at their head revision (whose README gives the custom headers).
            Control.Endpoints[open.Id] = new SpaceEndpoint(open.Id, open.HeadCommit!, upstreamPort);
            Control.Endpoints[hidden.Id] = new SpaceEndpoint(hidden.Id, hidden.HeadCommit!, upstreamPort);
            PublicId = open.Id;
            PrivateId = hidden.Id;
        }

        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port(_gateway)}"),
        };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        foreach (var app in new[] { _gateway, _upstream })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>Stops the gateway's server (open connections get until <paramref name="cancellationToken"/> fires to end).</summary>
    public Task StopGatewayAsync(CancellationToken cancellationToken) => _gateway!.StopAsync(cancellationToken);

    /// <summary>The gateway's address (the platform's and the Space origins' alike).</summary>
    public Uri Address => Client.BaseAddress!;

    /// <summary>The Host header of <paramref name="space"/>'s origin.</summary>
    public static string HostOf(string space) => $"{Owner}--{space}.{AppsDomain}";

    /// <summary>More gateway services or options (a fixture with other settings overrides it).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The gateway's own Kestrel settings (a fixture with other limits overrides it).</summary>
    protected virtual void ConfigureKestrel(KestrelServerOptions options)
    {
    }

    /// <summary>"pool thread" or "another thread" (a socket engine's): where the calling code runs.</summary>
    public static string ThreadKind() => Thread.CurrentThread.IsThreadPoolThread ? "pool thread" : "another thread";

    /// <summary>A request to the app origin of <paramref name="space"/>.</summary>
    public HttpRequestMessage Request(HttpMethod method, string space, string path) =>
        new(method, path) { Headers = { Host = $"{Owner}--{space}.{AppsDomain}" } };

    /// <summary>What the upstream saw of a request, as it echoed it.</summary>
    public static async Task<JsonElement> EchoOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<Repo> CreateSpaceAsync(RepoService repos, Account user, string name, bool isPrivate)
    {
        const string Readme = "---\nsdk: docker\ncustom_headers:\n  cross-origin-resource-policy: same-site\n---\n";
        return await repos.CreateAsync(Actor.Session(user), new CreateRepoRequest(RepoType.Space, Owner, name, isPrivate, "docker",
            InitialFiles: [new PutFile("README.md", new MemoryStream(Encoding.UTF8.GetBytes(Readme))), new PutFile("Dockerfile", new MemoryStream("FROM x\n"u8.ToArray()))]));
    }

    // The stand-in container: answers every request with what it received ("/slow" after 100 ms).
    private static async Task<WebApplication> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path == "/slow")
            {
                await Task.Delay(100);
            }

            await context.Response.WriteAsJsonAsync(new Dictionary<string, string?>
            {
                ["path"] = context.Request.Path + context.Request.QueryString,
                ["cookie"] = context.Request.Headers.Cookie.Count == 0 ? null : context.Request.Headers.Cookie.ToString(),
                ["authorization"] = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString(),
                ["host"] = context.Request.Headers["X-Forwarded-Host"].ToString(),
                ["method"] = context.Request.Method,
                ["forwardedFor"] = context.Request.Headers["X-Forwarded-For"].ToString(),
                ["proto"] = context.Request.Headers["X-Forwarded-Proto"].ToString(),
                ["connection"] = context.Request.Headers.Connection.ToString(),
                ["te"] = context.Request.Headers.TE.ToString(),
            });
        });
        await app.StartAsync();
        return app;
    }

    private static int Port(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
}
