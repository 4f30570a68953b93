using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.TestSupport;
using Spaces.Web.Tests.Api;
using Spaces.Web.Tests.Git;
using Spaces.Web.Tests.Live;

namespace Spaces.Web.Tests.EndToEnd;

/// <summary>
/// A user's whole way to a running docker Space through the platform host on a real loopback port, with the real engine: create the
/// Space with the API, set a secret, open a hub watch, <c>git push</c> a Dockerfile app, wait for RUNNING through the runtime API. What
/// each test checks is gathered here once (one build), so the tests may run in any order — the deletion test included.
/// </summary>
public sealed class DockerSpaceJourney : IAsyncLifetime
{
    public const string Owner = "journey";
    public const string Name = "hello-docker";
    public const string BaseImage = TestEngine.BaseImage;
    private static readonly TimeSpan RunningTimeout = TimeSpan.FromSeconds(90);

    private readonly string _work = Path.Combine(Path.GetTempPath(), $"spaces-e2e-{Guid.NewGuid():N}");
    private HubTestClient? _hub;
    private HubStream? _watch;
    private long _pushStarted;

    public GitServerFactory Factory { get; } = new();

    public string SpaceId => $"{Owner}/{Name}";

    /// <summary>The value of the <c>API_KEY</c> secret: random, so finding it anywhere can only mean it leaked.</summary>
    public string SecretValue { get; } = "e2e-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string Token { get; private set; } = "";

    public long RepoId { get; private set; }

    public string Instance => Factory.Services.GetRequiredService<SpaceResources>().Instance;

    public IDockerClient Docker => Factory.Services.GetRequiredService<IDockerClient>();

    public CommandResult Push { get; private set; } = null!;

    public string PushedRevision { get; private set; } = "";

    /// <summary>From the start of <c>git push</c> until the runtime API said RUNNING.</summary>
    public TimeSpan PushToRunning { get; private set; }

    public SpaceEndpoint Endpoint { get; private set; } = null!;

    public string IndexPage { get; private set; } = "";

    public string SecretHashPage { get; private set; } = "";

    /// <summary>Every item the hub watcher received from before the push until the RUNNING stage.</summary>
    public IReadOnlyList<HubItem> HubItems { get; private set; } = [];

    public CommandResult CurlBuildLog { get; private set; } = null!;

    public CommandResult CurlRunLog { get; private set; } = null!;

    /// <summary>The Space's metrics stream read with curl while it runs (samples of the real container's stats).</summary>
    public CommandResult CurlMetrics { get; private set; } = null!;

    /// <summary>The stored build logs of the Space (every build kept), line by line.</summary>
    public IReadOnlyList<string> StoredBuildLogs { get; private set; } = [];

    public IReadOnlyList<string> RunLog { get; private set; } = [];

    public string ContainerId { get; private set; } = "";

    public string ImageId { get; private set; } = "";

    public CommandResult ImageHistory { get; private set; } = null!;

    public CommandResult ImageInspect { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_work, "home"));
        _ = Factory.Address;
        await TestEngine.RequireAsync(Docker, "The end-to-end tests", busybox: true);

        (var user, Token) = await Factory.CreateUserAsync(Owner);
        using var client = Factory.CreateClient(Token);
        await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await client.PostAsJsonAsync("/api/repos/create", new { name = Name, type = "space", sdk = "docker" }));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            RepoId = (await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, user.Name, Name))!.Id;
        }

        await ApiAssert.StatusAsync(HttpStatusCode.NoContent,
            await client.PostAsJsonAsync($"/api/spaces/{SpaceId}/secrets", new { key = JourneyApp.SecretKey, value = SecretValue }));

        // Watching before the push: the current stage comes first, so once it is here the watch is live.
        _hub = await HubTestClient.ConnectAsync(Factory.Address, "/hubs/spaces?access_token=" + Uri.EscapeDataString(Token));
        _watch = await _hub.StreamAsync("Watch", SpaceId, 50);
        await _watch.WaitForAsync(item => item.GetProperty("type").GetString() == "stage", "the current stage", TimeSpan.FromSeconds(10));

        await PushAppAsync();
        await WaitForRunningAsync(client);
        await _watch.WaitForAsync(item => item.GetProperty("type").GetString() == "stage" && item.GetProperty("stage").GetString() == "RUNNING",
            "the RUNNING stage", TimeSpan.FromSeconds(10));
        HubItems = _watch.Items;

        Endpoint = await Factory.Services.GetRequiredService<ISpaceControl>().GetEndpointAsync(RepoId)
            ?? throw new InvalidOperationException($"{SpaceId} is RUNNING but the platform has no endpoint for it.");
        using (var app = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Endpoint.HostPort}"), Timeout = TimeSpan.FromSeconds(5) })
        {
            IndexPage = await app.GetStringAsync("/");
            SecretHashPage = await app.GetStringAsync(JourneyApp.HashPath);
        }

        RunLog = await WaitForRunLogAsync(JourneyApp.ServingLine);
        CurlBuildLog = await CurlAsync($"/api/spaces/{SpaceId}/logs/build?tail=20");
        CurlRunLog = await CurlAsync($"/api/spaces/{SpaceId}/logs/run?tail=100");
        CurlMetrics = await CurlAsync($"/api/spaces/{SpaceId}/metrics");
        var logs = Path.Combine(Factory.Services.GetRequiredService<BuildLogStore>().Root, RepoId.ToString(CultureInfo.InvariantCulture));
        StoredBuildLogs = [.. Directory.GetFiles(logs, "*.log").SelectMany(File.ReadAllLines)];
        await InspectImageAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_hub is not null)
            {
                await _hub.DisposeAsync();
            }

            // The deletion test normally did this; whatever it left, the platform's own cleanup removes.
            if (RepoId != 0)
            {
                await Factory.Services.GetRequiredService<ISpaceControl>().DeleteResourcesAsync(RepoId);
            }
        }
        finally
        {
            await Factory.DisposeAsync();
            if (Directory.Exists(_work))
            {
                Directory.Delete(_work, recursive: true);
            }
        }
    }

    /// <summary>Labels that single out this Space's engine resources (ids restart at 1 per data directory; the instance does not).</summary>
    public DockerFilters SpaceFilter() => DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, RepoId.ToString(CultureInfo.InvariantCulture))
        .Label(SpaceResources.InstanceLabel, Instance);

    /// <summary>Runs curl against the platform for a few seconds, as a user reading a stream from a shell.</summary>
    public Task<CommandResult> CurlAsync(string path) =>
        HostCommand.RunAsync("curl", ["-sN", "--max-time", "3", new Uri(Factory.Address, path).ToString()], timeout: TimeSpan.FromSeconds(10));

    private async Task PushAppAsync()
    {
        var url = new UriBuilder(new Uri(Factory.Address, $"/spaces/{SpaceId}.git")) { UserName = "user", Password = Token }.Uri.ToString();
        var clone = await GitAsync(_work, "clone", url, "checkout");
        Assert.True(clone.ExitCode == 0, clone.ToString());
        var checkout = Path.Combine(_work, "checkout");
        JourneyApp.WriteTo(checkout, BaseImage);
        Assert.Equal(0, (await GitAsync(checkout, "add", "-A")).ExitCode);
        var commit = await GitAsync(checkout, "commit", "--quiet", "-m", "A busybox app");
        Assert.True(commit.ExitCode == 0, commit.ToString());
        PushedRevision = (await GitAsync(checkout, "rev-parse", "HEAD")).Stdout.Trim();

        _pushStarted = Stopwatch.GetTimestamp();
        Push = await GitAsync(checkout, "push", "origin", "main");
        Assert.True(Push.ExitCode == 0, Push.ToString());
    }

    private async Task WaitForRunningAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + RunningTimeout;
        var buildingLine = $"at {PushedRevision}";
        while (true)
        {
            var runtime = await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.GetAsync($"/api/spaces/{SpaceId}/runtime"));
            var stage = runtime.GetProperty("stage").GetString();
            if (stage == "RUNNING")
            {
                PushToRunning = Stopwatch.GetElapsedTime(_pushStarted);
                return;
            }

            // An error stage counts only once the pushed revision's build began (the first commit, without Dockerfile, fails too).
            var pushedBuildSeen = _watch!.Items.Any(i => i.BuildLine?.Contains(buildingLine, StringComparison.Ordinal) == true);
            if ((pushedBuildSeen && stage is "BUILD_ERROR" or "RUNTIME_ERROR" or "CONFIG_ERROR") || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{SpaceId} did not reach RUNNING after the push (runtime: {runtime.GetRawText()}). " +
                    "Hub items: " + string.Join("\n", _watch.Items.Select(i => i.Json.GetRawText())));
            }

            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<string>> WaitForRunLogAsync(string text)
    {
        var notifications = Factory.Services.GetRequiredService<SpaceNotifications>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var lines = notifications.Backlog(RepoId, LogKind.Run).Select(l => l.Line).ToList();
            if (lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return lines;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No run log line with '{text}'. Lines: {string.Join(" | ", lines)}");
            }

            await Task.Delay(50);
        }
    }

    private async Task InspectImageAsync()
    {
        var containers = await Docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = SpaceFilter() });
        var container = Assert.Single(containers);
        ContainerId = container.Id;
        ImageId = (await Docker.Containers.InspectAsync(ContainerId)).Image
            ?? throw new InvalidOperationException($"The engine names no image for container {ContainerId}.");
        ImageHistory = await HostCommand.RunAsync("docker", ["history", "--no-trunc", ImageId]);
        ImageInspect = await HostCommand.RunAsync("docker", ["image", "inspect", ImageId]);
    }

    // The real git CLI: no prompts, no credential helper, no user or system config.
    private Task<CommandResult> GitAsync(string directory, params string[] args) =>
        HostCommand.RunAsync("git", ["-c", "credential.helper=", "-c", "user.name=E2E", "-c", "user.email=e2e@example.test", .. args], directory,
            new Dictionary<string, string>
            {
                ["GIT_TERMINAL_PROMPT"] = "0",
                ["GIT_ASKPASS"] = "",
                ["HOME"] = Path.Combine(_work, "home"),
                ["GIT_CONFIG_NOSYSTEM"] = "1",
            },
            TimeSpan.FromMinutes(1));

    /// <summary>The SHA-256 of <paramref name="value"/> as lower-case hex, as <c>sha256sum</c> prints it.</summary>
    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A stream item's JSON text (for messages).</summary>
    public static string Describe(IEnumerable<HubItem> items) => string.Join("\n", items.Select(i => $"+{i.ArrivedAfter.TotalMilliseconds:F0} ms {i.Json.GetRawText()}"));
}
