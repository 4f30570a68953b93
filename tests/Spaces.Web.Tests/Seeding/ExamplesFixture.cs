using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Core.Templates;
using Spaces.Docker;
using Spaces.TestSupport;
using Spaces.Web.Seeding;
using Spaces.Web.Tests.Api;
using Spaces.Web.Tests.Git;

namespace Spaces.Web.Tests.Seeding;

/// <summary>
/// The platform on a real loopback port with the real Docker engine and seeding on: the examples organization seeded at start, and
/// one Space per template created through the catalog. Everything is built and run by the real engine once for the collection.
/// </summary>
public sealed class ExamplesFixture : IAsyncLifetime
{
    public const string AppsDomain = "spaces.localhost";
    public const string Owner = "tmpl";
    public const string Examples = "examples";
    private static readonly TimeSpan StageTimeout = TimeSpan.FromMinutes(6);

    public GitServerFactory Factory { get; } = (GitServerFactory)new GitServerFactory()
        .With("Spaces:Seeding:Enabled", "true")
        .With("Spaces:Runtime:BuildConcurrency", "3")
        .With("Spaces:AppsDomain", AppsDomain);

    public string Token { get; private set; } = "";

    public SeedReport FirstPass { get; private set; } = null!;

    /// <summary>How long the first pass and the builds to RUNNING took, per Space (owner/name), for the report.</summary>
    public Dictionary<string, TimeSpan> TimeToRunning { get; } = [];

    public HttpClient Client { get; private set; } = null!;

    public IDockerClient Docker => Factory.Services.GetRequiredService<IDockerClient>();

    /// <summary>The example Spaces seeded (folders under spaces/ next to the app).</summary>
    public static IReadOnlyList<string> ExampleSpaces { get; } =
        [.. Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "spaces")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The templates (folders under templates/ next to the app).</summary>
    public static IReadOnlyList<string> Templates { get; } =
        [.. Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "templates")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        _ = Factory.Address;
        await TestEngine.RequireAsync(Docker, "The example tests", [TestEngine.BaseImage, TestEngine.SdkImage, TestEngine.AspNetImage]);
        FirstPass = await Factory.Services.GetRequiredService<ExampleSeedingService>().Completed.WaitAsync(TimeSpan.FromMinutes(2))
            ?? throw new InvalidOperationException("Seeding did not report: see the platform's log.");
        (_, Token) = await Factory.CreateUserAsync(Owner);
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = Factory.Address,
            Timeout = TimeSpan.FromMinutes(2),
        };

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountService>().FindAsync(Owner))!;
            var catalog = scope.ServiceProvider.GetRequiredService<SpaceTemplateCatalog>();
            foreach (var template in Templates)
            {
                await catalog.CreateSpaceAsync(Actor.Session(user), new NewSpaceFromTemplate(Owner, "from-" + template, template, false, null, null, [], null));
            }
        }

        using var api = Factory.CreateClient(Token);
        try
        {
            await Task.WhenAll(
                ExampleSpaces.Select(name => WaitRunningAsync(api, Examples, name, started))
                    .Concat(Templates.Select(template => WaitRunningAsync(api, Owner, "from-" + template, started))));
        }
        catch
        {
            // A failed fixture may never be disposed: the containers must not outlive the run.
            await RemoveEngineResourcesAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            Client?.Dispose();
            await RemoveEngineResourcesAsync();
        }
        finally
        {
            await Factory.DisposeAsync();
        }
    }

    private async Task RemoveEngineResourcesAsync()
    {
        var control = Factory.Services.GetRequiredService<Runtime.Lifecycle.ISpaceControl>();
        await using var scope = Factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        foreach (var (owner, name) in ExampleSpaces.Select(n => (Examples, n)).Concat(Templates.Select(t => (Owner, "from-" + t))))
        {
            if (await repos.FindAsync(RepoType.Space, owner, name) is { } repo)
            {
                await control.DeleteResourcesAsync(repo.Id);
            }
        }
    }

    /// <summary>The host of a Space's own origin on the platform's port.</summary>
    public string HostOf(string owner, string name) => $"{owner}--{name}.{AppsDomain}:{Factory.Address.Port}";

    /// <summary>GET through the gateway at the Space's origin (the connection goes to 127.0.0.1, the Host header names the Space).</summary>
    public Task<HttpResponseMessage> GetAsync(string owner, string name, string path = "/") =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = HostOf(owner, name) } });

    private async Task WaitRunningAsync(HttpClient api, string owner, string name, DateTime started)
    {
        var deadline = DateTime.UtcNow + StageTimeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var runtime = await ApiAssert.StatusAsync(HttpStatusCode.OK, await api.GetAsync($"/api/spaces/{owner}/{name}/runtime"));
            last = runtime.GetRawText();
            var stage = runtime.GetProperty("stage").GetString();
            if (stage == "RUNNING")
            {
                lock (TimeToRunning)
                {
                    TimeToRunning[$"{owner}/{name}"] = DateTime.UtcNow - started;
                }

                return;
            }

            if (stage is "BUILD_ERROR" or "RUNTIME_ERROR" or "CONFIG_ERROR" or "NO_APP_FILE")
            {
                break;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"{owner}/{name} did not reach RUNNING within {StageTimeout.TotalMinutes} min; last runtime: {last}");
    }
}

[CollectionDefinition(Name)]
public sealed class ExamplesCollection : ICollectionFixture<ExamplesFixture>
{
    public const string Name = "examples";
}
