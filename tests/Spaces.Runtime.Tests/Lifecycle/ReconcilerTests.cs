using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class ReconcilerTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task A_restarted_platform_adopts_three_running_spaces_without_creating_containers_and_removes_only_its_orphans()
    {
        var spaces = new[]
        {
            await CreateDockerSpaceAsync(TestApps.Serve("one")),
            await CreateDockerSpaceAsync(TestApps.Serve("two")),
            await CreateDockerSpaceAsync(TestApps.Serve("three")),
        };
        var before = new List<SpaceRuntime>();
        foreach (var space in spaces)
        {
            before.Add(await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running));
        }

        var orphan = await StartStrayContainerAsync(spaceId: 987_654_321_987, Fixture.Resources.Instance);
        var foreign = await StartStrayContainerAsync(spaceId: spaces[0].Id, instance: "otherplatform");

        using var docker = new DockerClient();
        await using var restarted = Fixture.BuildPlatform(docker);
        var lifecycle = restarted.GetRequiredService<SpaceLifecycle>();
        var report = await lifecycle.ReconcileAsync();

        Assert.Equal(new ReconcileReport(Adopted: 3, Restarted: 0, Removed: 1, Resumed: 0), report);
        for (var i = 0; i < spaces.Length; i++)
        {
            var containers = (await Fixture.ContainersOfAsync(spaces[i].Id)).Where(c => c.Id != foreign).ToList();
            Assert.Equal([before[i].RunningContainerId!], containers.Select(c => c.Id));
            var endpoint = await lifecycle.GetEndpointAsync(spaces[i].Id);
            Assert.Equal(before[i].HostPort, endpoint?.HostPort);
            Assert.Equal(new[] { "one", "two", "three" }[i] + "\n", await TestApps.GetAsync(endpoint!.HostPort));
        }

        await Assert.ThrowsAsync<DockerNotFoundException>(() => Fixture.Docker.Containers.InspectAsync(orphan));
        Assert.Equal("running", (await Fixture.Docker.Containers.InspectAsync(foreign)).State!.Status);
        Assert.Equal(new ReconcileReport(0, 0, 0, 0), await lifecycle.ReconcileAsync());
        await Fixture.Docker.Containers.RemoveAsync(foreign, force: true);
    }

    [Fact]
    public async Task A_serving_container_removed_behind_the_platforms_back_is_started_again()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("back"));
        var running = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        using var docker = new DockerClient();
        await using var other = Fixture.BuildPlatform(docker);
        var lifecycle = other.GetRequiredService<SpaceLifecycle>();

        // The fixture's own platform sees the exit as a crash and restarts it; either way the Space converges to a new container.
        await Fixture.Docker.Containers.RemoveAsync(running.RunningContainerId!, force: true);
        await lifecycle.ReconcileAsync();

        var again = await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.Running && r.RunningContainerId is { } id && id != running.RunningContainerId && r.HostPort is not null);
        Assert.Equal("back\n", await TestApps.GetAsync(again.HostPort!.Value));
        Assert.Single(await Fixture.ContainersOfAsync(space.Id));
    }

    // A container labelled like a Space's app (as a crashed platform may leave behind), serving nothing.
    private async Task<string> StartStrayContainerAsync(long spaceId, string instance)
    {
        var created = await Fixture.Docker.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = RuntimeFixture.BaseImage,
            Cmd = ["sleep", "300"],
            Labels = new Dictionary<string, string>
            {
                [SpaceResources.ManagedLabel] = "true",
                [SpaceResources.InstanceLabel] = instance,
                [SpaceResources.RoleLabel] = "app",
                [SpaceResources.SpaceIdLabel] = spaceId.ToString(CultureInfo.InvariantCulture),
                [RuntimeFixture.RunLabel] = Fixture.RunId,
            },
            HostConfig = new HostConfig { Init = true },
        });
        await Fixture.Docker.Containers.StartAsync(created.ID);
        return created.ID;
    }
}
