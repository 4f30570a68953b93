using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Core;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Runs;
using Spaces.Runtime.Stages;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// The platform's runtime wired as the app wires it (AddSpacesCore and AddSpacesRuntime over SQLite in its own temporary data directory, so its own
/// instance id: it never touches another platform's engine resources), hosted services running. Disposal removes every Space it
/// created (containers, images, networks, volumes), then anything left with its instance or run label, then the data directory.
/// </summary>
internal sealed class BenchmarkPlatform : IAsyncDisposable
{
    /// <summary>On every image the builds make and every baseline container and image, with <see cref="RunId"/>.</summary>
    public const string RunLabel = "spaces.bench-run";

    private readonly List<IHostedService> _hosted = [];
    private readonly List<long> _spaceIds = [];
    private readonly ServiceProvider _services;
    private int _counter;

    private BenchmarkPlatform(IDockerClient docker)
    {
        Docker = docker;
        _services = Build(docker);
    }

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "spaces-runtime-bench-" + Guid.NewGuid().ToString("N")[..8]);

    public IDockerClient Docker { get; }

    public IServiceProvider Services => _services;

    public SpaceLifecycle Lifecycle => _services.GetRequiredService<SpaceLifecycle>();

    public SpaceNotifications Notifications => _services.GetRequiredService<SpaceNotifications>();

    public SpaceResources Resources => _services.GetRequiredService<SpaceResources>();

    public SpaceStageStore Stages => _services.GetRequiredService<SpaceStageStore>();

    /// <summary>The labels of what the benchmark itself creates in the engine (baseline containers and images).</summary>
    public Dictionary<string, string> Labels => new() { [SpaceResources.ManagedLabel] = "true", [RunLabel] = RunId };

    private Account User { get; set; } = null!;

    /// <summary>Migrates the database, creates the user and starts the hosted services.</summary>
    public static async Task<BenchmarkPlatform> StartAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var platform = new BenchmarkPlatform(docker);
        try
        {
            Directory.CreateDirectory(platform.DataDir);
            await platform._services.MigrateSpacesDatabaseAsync(cancellationToken);
            await using (var scope = platform._services.CreateAsyncScope())
            {
                platform.User = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync("bench", cancellationToken);
            }

            foreach (var hosted in platform._services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cancellationToken);
                platform._hosted.Add(hosted);
            }

            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a Space whose first commit holds README.md (title, sdk) and the files; the platform deploys it at once.</summary>
    public async Task<Repo> CreateSpaceAsync(string sdk, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var name = $"{sdk}-{Interlocked.Increment(ref _counter)}";
        var readme = $"---\ntitle: Bench {name}\nsdk: {sdk}\napp_port: 7860\n---\n# {name}\n";
        var operations = files.Append(new("README.md", Encoding.UTF8.GetBytes(readme))).Select(Put).ToList();
        await using var scope = _services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var request = new CreateRepoRequest(RepoType.Space, User.Name, name, Sdk: sdk, InitialFiles: operations);
        var space = await repos.CreateAsync(Actor.Session(User), request, cancellationToken);
        lock (_spaceIds)
        {
            _spaceIds.Add(space.Id);
        }

        return space;
    }

    /// <summary>Commits files to a Space (the platform deploys the new head) and returns the commit id.</summary>
    public async Task<string> CommitAsync(Repo space, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var fresh = await repos.FindAsync(RepoType.Space, User.Name, space.Name, cancellationToken)
            ?? throw new InvalidOperationException($"Space {space.Name} is gone.");
        var request = new CommitRequest("update", RepoService.AuthorOf(User), [.. files.Select(Put)]);
        return (await repos.CommitAsync(Actor.Session(User), fresh, request, cancellationToken)).CommitId;
    }

    /// <summary>The Space as stored now (head commit, owner).</summary>
    public async Task<Repo> ReloadAsync(Repo space, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, User.Name, space.Name, cancellationToken)
            ?? throw new InvalidOperationException($"Space {space.Name} is gone.");
    }

    /// <summary>Removes one Space's engine resources now (containers, images, network), e.g. to free the host between runs.</summary>
    public async Task RemoveSpaceAsync(long spaceId)
    {
        await Lifecycle.DeleteResourcesAsync(spaceId);
        await _services.GetRequiredService<SpaceEngineResources>().RemoveAllAsync(spaceId, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            for (var i = _hosted.Count - 1; i >= 0; i--)
            {
                await _hosted[i].StopAsync(CancellationToken.None);
            }

            foreach (var id in _spaceIds)
            {
                await RemoveSpaceAsync(id);
            }

            await SweepAsync();
        }
        finally
        {
            await _services.DisposeAsync();
            if (Directory.Exists(DataDir))
            {
                Directory.Delete(DataDir, recursive: true);
            }
        }
    }

    /// <summary>Whatever still carries this instance's or this run's label (a Space cut off mid-build, a baseline container).</summary>
    private async Task SweepAsync()
    {
        var filters = new[]
        {
            DockerFilters.ByLabel(SpaceResources.InstanceLabel, Resources.Instance),
            DockerFilters.ByLabel(RunLabel, RunId),
        };
        foreach (var filter in filters)
        {
            foreach (var container in await Docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter }))
            {
                await IgnoreMissingAsync(() => Docker.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true));
            }
        }

        for (var round = 0; round < 3; round++)
        {
            var images = new List<ImageSummary>();
            foreach (var filter in filters)
            {
                images.AddRange(await Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter }));
            }

            if (images.Count == 0)
            {
                break;
            }

            foreach (var image in images.DistinctBy(i => i.Id))
            {
                // A parent of another image answers Conflict: the next round gets it.
                await IgnoreMissingAsync(() => Docker.Images.RemoveAsync(image.Id, force: true));
            }
        }

        foreach (var network in await Docker.Networks.ListAsync(filters[0]))
        {
            await IgnoreMissingAsync(() => Docker.Networks.RemoveAsync(network.Id));
        }

        foreach (var volume in await Docker.Volumes.ListAsync(filters[0]))
        {
            await IgnoreMissingAsync(() => Docker.Volumes.RemoveAsync(volume.Name, force: true));
        }
    }

    private static async Task IgnoreMissingAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerException ex) when (ex is DockerNotFoundException or DockerConflictException)
        {
            // Gone already, or removed with its parent.
        }
    }

    private ServiceProvider Build(IDockerClient docker)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://localhost:5080",
        }).Build();
        var spaces = new SpacesOptions { DataDir = DataDir };
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            // The platform's warnings and errors go to stderr; the key store's "no encryptor" warning is expected for a throwaway directory.
            .AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) != true)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(spaces));
        services.AddSpacesCore(spaces, "Spaces.Runtime.Benchmarks");
        services.AddSingleton(docker);
        services.Configure<SpaceBuildOptions>(o => o.ExtraLabels[RunLabel] = RunId);
        services.AddSpacesRuntime();
        return services.BuildServiceProvider();
    }

    private static PutFile Put(KeyValuePair<string, byte[]> file) => new(file.Key, new MemoryStream(file.Value));
}
