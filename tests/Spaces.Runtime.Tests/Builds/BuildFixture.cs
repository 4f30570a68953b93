using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.SpaceSettings;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;
using Spaces.TestSupport;

namespace Spaces.Runtime.Tests.Builds;

/// <summary>
/// A platform slice for build tests: a temporary data directory with SQLite and git repositories, a user, the real engine, and the
/// builder running. Every image built carries <see cref="RunLabel"/> (through <see cref="SpaceBuildOptions.ExtraLabels"/> and the test
/// Dockerfiles' own LABEL line) and is removed at the end; so is the data directory.
/// </summary>
public sealed class BuildFixture : IAsyncLifetime
{
    public const string RunLabel = "spaces.test-run";
    public const string BaseImage = TestEngine.BaseImage;

    private int _spaceCounter;
    private ServiceProvider? _services;

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "spaces-build-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IDockerClient Docker => Services.GetRequiredService<IDockerClient>();

    /// <summary>The live options object: tests may change a value and must put it back.</summary>
    public RuntimeOptions Options => Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;

    public BuildQueue Queue => Services.GetRequiredService<BuildQueue>();

    public SpaceResources Resources => Services.GetRequiredService<SpaceResources>();

    public BuildLogStore Logs => Services.GetRequiredService<BuildLogStore>();

    public SpaceNotifications Notifications => Services.GetRequiredService<SpaceNotifications>();

    public Account User { get; private set; } = null!;

    /// <summary>The Dockerfile line labelling every layer a test Dockerfile builds (so intermediate layers are removed too).</summary>
    public string LabelInstruction => $"LABEL {RunLabel}={RunId}";

    public async Task InitializeAsync()
    {
        var docker = new DockerClient();
        try
        {
            await TestEngine.RequireAsync(docker, "The build tests", [BaseImage, TestEngine.SdkImage, TestEngine.AspNetImage]);
        }
        catch
        {
            docker.Dispose();
            throw;
        }

        var spaces = new SpacesOptions { DataDir = DataDir };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(spaces));
        services.AddSpacesCore(spaces, "Spaces.Runtime.Tests");
        services.AddSingleton<IDockerClient>(docker);
        services.Configure<SpaceBuildOptions>(o => o.ExtraLabels[RunLabel] = RunId);
        services.AddSpaceBuilds();
        _services = services.BuildServiceProvider();

        Directory.CreateDirectory(DataDir);
        await _services.MigrateSpacesDatabaseAsync();
        await using (var scope = _services.CreateAsyncScope())
        {
            User = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync("builder");
        }

        await Services.GetRequiredService<BuildWorker>().StartAsync(CancellationToken.None);
    }

    /// <summary>Creates a Space with a README.md naming <paramref name="sdk"/> and the given files.</summary>
    public async Task<Repo> CreateSpaceAsync(string sdk, IReadOnlyDictionary<string, string> files, string? appFile = null)
    {
        var name = $"space-{Interlocked.Increment(ref _spaceCounter)}";
        var readme = $"---\ntitle: {name}\nsdk: {sdk}\n{(appFile is null ? "" : $"app_file: {appFile}\n")}---\n# {name}\n";
        var operations = files.Append(new("README.md", readme)).Select(Put).ToList();
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RepoService>().CreateAsync(
            Actor.Session(User), new CreateRepoRequest(RepoType.Space, User.Name, name, Sdk: sdk, InitialFiles: operations));
    }

    /// <summary>Commits files to a Space and returns the new head.</summary>
    public async Task<string> CommitAsync(Repo space, IReadOnlyDictionary<string, string> files)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RepoService>().CommitAsync(
            Actor.Session(User), space, new CommitRequest("update", RepoService.AuthorOf(User), [.. files.Select(Put)]));
        return result.CommitId;
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

    /// <summary>Runs the docker CLI and returns its standard output (for what the Engine API client does not cover, such as history).</summary>
    public static async Task<string> DockerCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {await error}");
        return await output;
    }

    /// <summary>Images of a Space this run built (by the Space id and run labels).</summary>
    public Task<IReadOnlyList<ImageSummary>> ImagesOfAsync(Repo space) =>
        Docker.Images.ListAsync(new ImagesListParameters
        {
            Filters = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Label(RunLabel, RunId).Label(SpaceResources.RoleLabel, "image"),
        });

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await Services.GetRequiredService<BuildWorker>().StopAsync(CancellationToken.None);
            try
            {
                await RemoveImagesAsync();
            }
            finally
            {
                await _services.DisposeAsync();
            }
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task RemoveImagesAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filter = DockerFilters.ByLabel(RunLabel, RunId);
        foreach (var container in await Docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter }, timeout.Token))
        {
            await IgnoreAsync(() => Docker.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, timeout.Token));
        }

        // Tagged images first (their untagged parents go with them), then what is left; a parent of a remaining child answers Conflict.
        for (var round = 0; round < 5; round++)
        {
            var images = await Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter }, timeout.Token);
            if (images.Count == 0)
            {
                break;
            }

            foreach (var image in images.OrderByDescending(i => i.RepoTags is { Count: > 0 } tags && tags[0] != "<none>:<none>"))
            {
                await IgnoreAsync(() => Docker.Images.RemoveAsync(image.Id, force: true, cancellationToken: timeout.Token));
            }
        }
    }

    private static async Task IgnoreAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerConflictException)
        {
            // A dependent image is removed in the next round.
        }
    }

    private static PutFile Put(KeyValuePair<string, string> file) => new(file.Key, new MemoryStream(Encoding.UTF8.GetBytes(file.Value)));
}

/// <summary>Build tests share one platform slice and run one after another (2 cores: no parallel image builds).</summary>
[CollectionDefinition(Name)]
public sealed class BuildCollection : ICollectionFixture<BuildFixture>
{
    public const string Name = "builds";
}
