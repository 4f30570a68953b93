using Spaces.Core.Repositories;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>Creates Spaces through the fixture and removes their engine resources when the test class ends.</summary>
public abstract class LifecycleTestBase(RuntimeFixture fixture) : IAsyncLifetime
{
    private readonly List<long> _spaces = [];

    protected RuntimeFixture Fixture { get; } = fixture;

    /// <summary>A docker Space running <paramref name="script"/>.</summary>
    protected async Task<Repo> CreateDockerSpaceAsync(string script, string frontMatter = "")
    {
        var space = await Fixture.CreateSpaceAsync("docker", TestApps.Files(Fixture, script), frontMatter);
        _spaces.Add(space.Id);
        return space;
    }

    /// <summary>A Space with any files.</summary>
    protected async Task<Repo> CreateSpaceAsync(string sdk, IReadOnlyDictionary<string, byte[]> files, string frontMatter = "")
    {
        var space = await Fixture.CreateSpaceAsync(sdk, files, frontMatter);
        _spaces.Add(space.Id);
        return space;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Fixture.RemoveSpacesAsync(_spaces);
}
