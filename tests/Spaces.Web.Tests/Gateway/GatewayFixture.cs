using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.TestSupport;
using Spaces.Web.Tests.Api;
using Spaces.Web.Tests.Git;

namespace Spaces.Web.Tests.Gateway;

/// <summary>
/// The platform on a real loopback port with the real Docker engine, and the Spaces the gateway tests need, built once: busybox apps
/// (one each for plain serving, sleeping and losing its container), a build that stays BUILDING, a build that fails, and static sites
/// (public, private, paused).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string Owner = "gw";
    public const string AppsDomain = "spaces.localhost";
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, long> _ids = [];

    public GitServerFactory Factory { get; } = (GitServerFactory)new GitServerFactory()
        .With("Spaces:Runtime:BuildConcurrency", "6")
        .With("Spaces:AppsDomain", AppsDomain);

    public string Token { get; private set; } = "";

    /// <summary>A client to the platform's port that follows no redirects and keeps no cookies (tests send them by hand).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>What the platform's own origin is, seen from an app origin on this port.</summary>
    public string PlatformOrigin => $"http://localhost:{Factory.Address.Port}";

    public IDockerClient Docker => Factory.Services.GetRequiredService<IDockerClient>();

    public long IdOf(string name) => _ids[name];

    public async Task InitializeAsync()
    {
        _ = Factory.Address;
        await TestEngine.RequireAsync(Docker, "The gateway tests", busybox: true);
        (_, Token) = await Factory.CreateUserAsync(Owner);
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = Factory.Address,
            Timeout = TimeSpan.FromMinutes(3),
        };

        using var api = Factory.CreateClient(Token);
        await GatewayApps.CreateAsync(api, Owner, "plain", "docker", false, GatewayApps.Busybox(
            "custom_headers:\n  cross-origin-embedder-policy: require-corp\n  cross-origin-opener-policy: same-origin\n"));
        await GatewayApps.CreateAsync(api, Owner, "sleepy", "docker", false, GatewayApps.Busybox());
        await GatewayApps.CreateAsync(api, Owner, "gone", "docker", false, GatewayApps.Busybox());
        await GatewayApps.CreateAsync(api, Owner, "slow", "docker", false, GatewayApps.SlowBuild());
        await GatewayApps.CreateAsync(api, Owner, "broken", "docker", false, GatewayApps.BrokenBuild());
        await GatewayApps.CreateAsync(api, Owner, "site", "static", false, GatewayApps.StaticSite("disable_embedding: true\n"));
        await GatewayApps.CreateAsync(api, Owner, "secret", "static", true, GatewayApps.StaticSite());
        await GatewayApps.CreateAsync(api, Owner, "other", "static", true, GatewayApps.StaticSite());
        await GatewayApps.CreateAsync(api, Owner, "paused", "static", false, GatewayApps.StaticSite());

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            foreach (var name in new[] { "plain", "sleepy", "gone", "slow", "broken", "site", "secret", "other", "paused" })
            {
                _ids[name] = (await repos.FindAsync(RepoType.Space, Owner, name))!.Id;
            }
        }

        await Task.WhenAll(
            WaitForStageAsync(api, "plain", "RUNNING"),
            WaitForStageAsync(api, "sleepy", "RUNNING"),
            WaitForStageAsync(api, "gone", "RUNNING"),
            WaitForStageAsync(api, "slow", "BUILDING"),
            WaitForStageAsync(api, "broken", "BUILD_ERROR"),
            WaitForStageAsync(api, "site", "RUNNING"),
            WaitForStageAsync(api, "secret", "RUNNING"),
            WaitForStageAsync(api, "other", "RUNNING"),
            WaitForStageAsync(api, "paused", "RUNNING"));
    }

    public async Task DisposeAsync()
    {
        try
        {
            Client?.Dispose();
            var control = Factory.Services.GetRequiredService<Runtime.Lifecycle.ISpaceControl>();
            foreach (var id in _ids.Values)
            {
                await control.DeleteResourcesAsync(id);
            }
        }
        finally
        {
            await Factory.DisposeAsync();
        }
    }

    /// <summary>A request to the app origin of <paramref name="space"/> (the Host header names it; the connection goes to 127.0.0.1).</summary>
    public HttpRequestMessage Request(HttpMethod method, string space, string path, string? host = null) =>
        new(method, path) { Headers = { Host = host ?? $"{Owner}--{space}.{AppsDomain}:{Factory.Address.Port}" } };

    public Task<HttpResponseMessage> GetAsync(string space, string path = "/", Action<HttpRequestMessage>? configure = null)
    {
        var request = Request(HttpMethod.Get, space, path);
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    /// <summary>Waits until the runtime API reports <paramref name="stage"/> for the Space.</summary>
    public async Task WaitForStageAsync(HttpClient api, string name, string stage)
    {
        var deadline = DateTime.UtcNow + StageTimeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var runtime = await ApiAssert.StatusAsync(HttpStatusCode.OK, await api.GetAsync($"/api/spaces/{Owner}/{name}/runtime"));
            last = runtime.GetRawText();
            if (runtime.GetProperty("stage").GetString() == stage)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Owner}/{name} did not reach {stage} within {StageTimeout.TotalSeconds} s; last runtime: {last}");
    }
}
