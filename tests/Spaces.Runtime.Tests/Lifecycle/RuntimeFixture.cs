using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Core.SpaceSettings;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Runs;
using Spaces.Runtime.Stages;
using Spaces.TestSupport;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>
/// The platform's runtime as the app wires it (AddSpacesRuntime over SQLite in a temporary data directory, git repositories, the real
/// engine) with its hosted services running. Space ids start at a random offset so parallel fixtures never share engine names;
/// every resource of a Space this fixture created is removed by its <c>spaces.space-id</c> label at the end, images also by run label.
/// </summary>
public class RuntimeFixture : IAsyncLifetime
{
    public const string RunLabel = "spaces.test-run";
    public const string BaseImage = TestEngine.BaseImage;
    public const string TinyFlavor = "tiny";
    public const long TinyMemoryMiB = 32;

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ConcurrentDictionary<long, byte> _spaceIds = new();
    private readonly List<IHostedService> _hosted = [];
    private ServiceProvider? _services;
    private int _counter;

    public RuntimeFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A fixture whose platform gets <paramref name="settings"/> on top of the test configuration (e.g. a shorter reconcile interval).</summary>
    protected RuntimeFixture(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
    }

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "spaces-runtime-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IDockerClient Docker => Services.GetRequiredService<IDockerClient>();

    public SpaceLifecycle Lifecycle => Services.GetRequiredService<SpaceLifecycle>();

    public SpaceStageStore Stages => Services.GetRequiredService<SpaceStageStore>();

    public SpaceResources Resources => Services.GetRequiredService<SpaceResources>();

    public SpaceNotifications Notifications => Services.GetRequiredService<SpaceNotifications>();

    public RuntimeOptions Options => Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;

    /// <summary>Everything the platform logged (formatted, with exceptions), to check that no secret ever reaches a log.</summary>
    public ConcurrentQueue<string> PlatformLog { get; } = new();

    public Account User { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var docker = new DockerClient();
        try
        {
            await TestEngine.RequireAsync(docker, "The runtime tests", busybox: true);
        }
        catch
        {
            docker.Dispose();
            throw;
        }

        _services = BuildPlatform(docker);

        Directory.CreateDirectory(DataDir);
        await _services.MigrateSpacesDatabaseAsync();
        await using (var scope = _services.CreateAsyncScope())
        {
            // Ids far apart per fixture: engine names (networks, containers, images) derive from them.
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            var offset = Random.Shared.NextInt64(1_000_000, 1_000_000_000);
            await db.Database.ExecuteSqlAsync($"INSERT INTO sqlite_sequence(name, seq) VALUES('Repos', {offset})");
            User = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync("runner");
        }

        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            if (hosted is SleepMonitor)
            {
                continue; // Tests put Spaces to sleep themselves, at the moment they choose.
            }

            await hosted.StartAsync(CancellationToken.None);
            _hosted.Add(hosted);
        }
    }

    /// <summary>
    /// Another platform process on the same data directory and database (the same instance id), as after a restart: nothing of it
    /// is started; tests call its lifecycle directly. The caller disposes it.
    /// </summary>
    public ServiceProvider BuildPlatform(IDockerClient docker)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://localhost:5080",
            ["Spaces:Runtime:Flavors:0:Name"] = TinyFlavor,
            ["Spaces:Runtime:Flavors:0:MemoryMiB"] = TinyMemoryMiB.ToString(CultureInfo.InvariantCulture),
            ["Spaces:Runtime:Flavors:0:Cpus"] = "0.5",
        }).AddInMemoryCollection(_settings).Build();
        var spaces = new SpacesOptions { DataDir = DataDir };
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(PlatformLog)).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(spaces));
        services.AddSpacesCore(spaces, "Spaces.Runtime.Tests");
        services.AddSingleton<IDockerClient>(docker);
        services.Configure<SpaceBuildOptions>(o => o.ExtraLabels[RunLabel] = RunId);
        services.AddSpacesRuntime();
        return services.BuildServiceProvider();
    }

    /// <summary>Creates a Space whose first commit holds README.md (with <paramref name="frontMatter"/> lines after title and sdk) and the files.</summary>
    public async Task<Repo> CreateSpaceAsync(string sdk, IReadOnlyDictionary<string, byte[]> files, string frontMatter = "")
    {
        var name = $"app-{Interlocked.Increment(ref _counter)}";
        var readme = $"---\ntitle: Test {name}\nsdk: {sdk}\n{frontMatter}---\n# {name}\n";
        var operations = files.Append(new("README.md", Encoding.UTF8.GetBytes(readme))).Select(Put).ToList();
        await using var scope = Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var request = new CreateRepoRequest(RepoType.Space, User.Name, name, Sdk: sdk, InitialFiles: operations);
        var space = await repos.CreateAsync(Actor.Session(User), request);
        _spaceIds.TryAdd(space.Id, 0);
        return space;
    }

    /// <summary>Creates a model repository with the given files.</summary>
    public async Task<Repo> CreateModelAsync(string name, IReadOnlyDictionary<string, byte[]> files, bool isPrivate = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var request = new CreateRepoRequest(RepoType.Model, User.Name, name, IsPrivate: isPrivate, InitialFiles: [.. files.Select(Put)]);
        return await repos.CreateAsync(Actor.Session(User), request);
    }

    /// <summary>Commits files to a Space (publishing the change) and returns the new head.</summary>
    public async Task<string> CommitAsync(Repo space, IReadOnlyDictionary<string, byte[]> files)
    {
        await using var scope = Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var fresh = await repos.FindAsync(RepoType.Space, User.Name, space.Name) ?? throw new InvalidOperationException("no such space");
        var result = await repos.CommitAsync(Actor.Session(User), fresh, new CommitRequest("update", RepoService.AuthorOf(User), [.. files.Select(Put)]));
        return result.CommitId;
    }

    /// <summary>The Space as stored now (head, settings), owner loaded.</summary>
    public async Task<Repo> ReloadAsync(Repo space)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, User.Name, space.Name)
            ?? throw new InvalidOperationException("no such space");
    }

    public async Task SetVariableAsync(Repo space, string key, string value)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SpaceEnvironmentService>().SetVariableAsync(Actor.Session(User), space, key, value, null);
    }

    public async Task SetSecretAsync(Repo space, string key, string value)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SpaceEnvironmentService>().SetSecretAsync(Actor.Session(User), space, key, value, null);
    }

    /// <summary>Polls the Space's runtime row until <paramref name="done"/> holds; fails with the stage history otherwise.</summary>
    public async Task<SpaceRuntime> WaitForAsync(long spaceId, Func<SpaceRuntime, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await Stages.GetAsync(spaceId) is { } runtime && done(runtime))
            {
                return runtime;
            }

            if (DateTime.UtcNow > deadline)
            {
                var history = await Stages.HistoryAsync(spaceId);
                throw new TimeoutException("Stage history (newest first): " +
                    string.Join(" | ", history.Select(e => $"{e.Stage.ToHubName()} ({e.Reason}) {e.ErrorMessage}")));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for a stage (and, when given, a revision serving).</summary>
    public Task<SpaceRuntime> WaitForStageAsync(long spaceId, SpaceStage stage, string? runningRevision = null, TimeSpan? timeout = null) =>
        WaitForAsync(spaceId, r => r.Stage == stage && (runningRevision is null || r.RunningRevision == runningRevision), timeout);

    /// <summary>The stages a Space went through, oldest first.</summary>
    public async Task<IReadOnlyList<SpaceStage>> StagesOfAsync(long spaceId) =>
        [.. (await Stages.HistoryAsync(spaceId)).Reverse().Select(e => e.Stage)];

    /// <summary>Waits until the run log holds a line containing <paramref name="text"/>, and returns the run log.</summary>
    public async Task<IReadOnlyList<string>> WaitForRunLogAsync(long spaceId, string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var lines = Notifications.Backlog(spaceId, LogKind.Run).Select(l => l.Line).ToList();
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

    /// <summary>Containers of a Space in the engine (stopped ones too).</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ContainersOfAsync(long spaceId) =>
        await Docker.Containers.ListAsync(new ContainersListParameters
        {
            All = true,
            Filters = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, spaceId.ToString(CultureInfo.InvariantCulture)),
        });

    /// <summary>Removes every engine resource of the given Spaces (a test class calls this for its Spaces when it ends).</summary>
    public async Task RemoveSpacesAsync(IEnumerable<long> spaceIds)
    {
        var resources = Services.GetRequiredService<SpaceEngineResources>();
        foreach (var id in spaceIds)
        {
            await Lifecycle.DeleteResourcesAsync(id);
            await resources.RemoveAllAsync(id, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            for (var i = _hosted.Count - 1; i >= 0; i--)
            {
                await _hosted[i].StopAsync(CancellationToken.None);
            }

            if (_services is not null)
            {
                await RemoveSpacesAsync(_spaceIds.Keys);
                await RemoveRunImagesAsync();
            }
        }
        finally
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
    }

    private async Task RemoveRunImagesAsync()
    {
        var filter = DockerFilters.ByLabel(RunLabel, RunId);
        for (var round = 0; round < 3; round++)
        {
            var images = await Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter });
            if (images.Count == 0)
            {
                return;
            }

            foreach (var image in images)
            {
                try
                {
                    await Docker.Images.RemoveAsync(image.Id, force: true);
                }
                catch (DockerException)
                {
                    // A parent of another: the next round.
                }
            }
        }
    }

    private static PutFile Put(KeyValuePair<string, byte[]> file) => new(file.Key, new MemoryStream(file.Value));

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<RuntimeFixture>
{
    public const string Name = "runtime";
}
