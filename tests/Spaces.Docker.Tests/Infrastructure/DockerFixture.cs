using Spaces.Docker.Context;
using Spaces.Docker.Models;
using Spaces.TestSupport;

namespace Spaces.Docker.Tests.Infrastructure;

/// <summary>
/// The real engine for functional tests: checks it answers (failing every test with how to start it when it does not),
/// labels every resource with <c>spaces.managed=true</c> and a per-run label, and removes all of them at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string ManagedLabel = "spaces.managed";
    public const string RunLabel = "spaces.test-run";
    public const string BaseImage = TestEngine.BaseImage;

    private readonly SemaphoreSlim _httpImageLock = new(1, 1);
    private string? _httpImage;
    private int _nameCounter;

    public DockerFixture()
    {
        Client = new DockerClient(new DockerClientOptions());
    }

    public DockerClient Client { get; }

    /// <summary>This test run's id, the value of <see cref="RunLabel"/>.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Labels every resource a test creates must carry.</summary>
    public Dictionary<string, string> Labels(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string> { [ManagedLabel] = "true", [RunLabel] = RunId };
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }
        return labels;
    }

    /// <summary>A filter matching everything this run created.</summary>
    public DockerFilters RunFilter() => DockerFilters.ByLabel(RunLabel, RunId);

    /// <summary>A unique resource name for this run.</summary>
    public string Name(string purpose) => $"spaces-test-{purpose}-{RunId}-{Interlocked.Increment(ref _nameCounter)}";

    /// <summary>The Dockerfile line that labels every image layer built in a test (so intermediate layers get cleaned too).</summary>
    public string LabelInstruction => $"LABEL {ManagedLabel}=true {RunLabel}={RunId}";

    public async Task InitializeAsync()
    {
        await TestEngine.RequireAsync(Client, "The Spaces.Docker functional tests");
    }

    /// <summary>A FROM-scratch image serving /www with busybox httpd on port 7860 as uid 1000, built once per run.</summary>
    public async Task<string> GetHttpImageAsync()
    {
        await _httpImageLock.WaitAsync();
        try
        {
            if (_httpImage is not null)
            {
                return _httpImage;
            }
            var tag = $"spaces-test/httpd:{RunId}";
            var context = BuildContext.FromFiles(
            [
                BuildContextFile.Text("Dockerfile", $"""
                    FROM scratch
                    {LabelInstruction}
                    COPY busybox /bin/busybox
                    COPY www /www
                    USER 1000:1000
                    EXPOSE 7860
                    ENTRYPOINT ["/bin/busybox"]
                    CMD ["httpd", "-f", "-p", "7860", "-h", "/www"]
                    """),
                new BuildContextFile("busybox", BusyboxApp.Binary, (UnixFileMode)0b111_101_101),
                BuildContextFile.Text("www/index.html", "hello from spaces\n"),
            ]);
            using var tar = await context.ToTarStreamAsync();
            var result = await Client.Images.BuildAsync(tar, new ImageBuildParameters { Tags = [tag], Labels = Labels() });
            _httpImage = tag;
            return result.ImageId is { Length: > 0 } ? tag : throw new InvalidOperationException("build returned no id");
        }
        finally
        {
            _httpImageLock.Release();
        }
    }

    /// <summary>Creates (and optionally starts) a labelled container from the base image running a bash command.</summary>
    public async Task<string> RunBashAsync(string script, bool start = true, Action<CreateContainerParameters>? configure = null)
    {
        var parameters = new CreateContainerParameters
        {
            Name = Name("bash"),
            Image = BaseImage,
            Cmd = ["bash", "-c", script],
            Labels = Labels(),
            HostConfig = new HostConfig { NetworkMode = "none" },
        };
        configure?.Invoke(parameters);
        var created = await Client.Containers.CreateAsync(parameters);
        if (start)
        {
            await Client.Containers.StartAsync(created.ID);
        }
        return created.ID;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await CleanUpAsync();
        }
        finally
        {
            Client.Dispose();
            _httpImageLock.Dispose();
        }
    }

    private async Task CleanUpAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var filter = RunFilter();
        foreach (var container in await Client.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter }, ct))
        {
            await IgnoreMissingAsync(() => Client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, ct));
        }
        foreach (var network in await Client.Networks.ListAsync(filter, ct))
        {
            await IgnoreMissingAsync(() => Client.Networks.RemoveAsync(network.Id, ct));
        }
        foreach (var volume in await Client.Volumes.ListAsync(filter, ct))
        {
            await IgnoreMissingAsync(() => Client.Volumes.RemoveAsync(volume.Name, force: true, ct));
        }
        // Images: tagged ones first (removing them removes their untagged parents), then whatever layers are left;
        // a parent still holding a child answers Conflict, so go round until nothing is left.
        for (var round = 0; round < 5; round++)
        {
            var images = await Client.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter }, ct);
            if (images.Count == 0)
            {
                break;
            }
            foreach (var image in images.OrderByDescending(i => i.RepoTags is { Count: > 0 } tags && tags[0] != "<none>:<none>"))
            {
                await IgnoreMissingAsync(() => Client.Images.RemoveAsync(image.Id, force: true, cancellationToken: ct));
            }
        }
    }

    private static async Task IgnoreMissingAsync(Func<Task> remove)
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
            // A dependent image still exists; the next round takes it.
        }
    }
}
