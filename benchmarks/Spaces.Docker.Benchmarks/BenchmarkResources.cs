using Spaces.Docker.Models;

namespace Spaces.Docker.Benchmarks;

/// <summary>Labels what the benchmarks create and removes all of it at the end.</summary>
internal sealed class BenchmarkResources(IDockerClient client) : IAsyncDisposable
{
    private const string RunLabel = "spaces.bench-run";

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public Dictionary<string, string> Labels() => new() { ["spaces.managed"] = "true", [RunLabel] = RunId };

    public string LabelInstruction => $"LABEL spaces.managed=true {RunLabel}={RunId}";

    public async ValueTask DisposeAsync()
    {
        var filter = DockerFilters.ByLabel(RunLabel, RunId);
        foreach (var container in await client.Containers.ListAsync(new ContainersListParameters { Filters = filter }))
        {
            await client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true);
        }
        foreach (var image in await client.Images.ListAsync(new ImagesListParameters { Filters = filter }))
        {
            await client.Images.RemoveAsync(image.Id, force: true);
        }
    }
}
