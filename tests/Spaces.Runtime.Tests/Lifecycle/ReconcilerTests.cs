using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class ReconcilerTests(ReconcilerTests.QuietFixture fixture) : LifecycleTestBase(fixture), IClassFixture<ReconcilerTests.QuietFixture>
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

    [Fact]
    public async Task A_platform_starting_after_a_space_was_deleted_behind_its_back_removes_only_that_spaces_labelled_resources()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("deleted"));
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        await Fixture.Lifecycle.StopAsync(space);
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Stopped);
        var id = space.Id.ToString(CultureInfo.InvariantCulture);
        var mine = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, id).Label(SpaceResources.InstanceLabel, Fixture.Resources.Instance);
        Assert.NotEmpty(await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = mine }));
        Assert.NotEmpty(await Fixture.Docker.Networks.ListAsync(mine));
        var foreign = await Fixture.Docker.Networks.CreateAsync(new NetworkCreateParameters
        {
            Name = $"spaces-test-foreign-{Fixture.RunId}",
            Labels = new()
            {
                [SpaceResources.ManagedLabel] = "true",
                [SpaceResources.InstanceLabel] = "otherplatform",
                [SpaceResources.SpaceIdLabel] = id,
                [RuntimeFixture.RunLabel] = Fixture.RunId,
            },
        });

        // The Space's rows go while no platform removes its engine resources (as when the platform stopped mid-delete).
        await using (var scope = Fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            db.Repos.Remove((await db.Repos.FindAsync(space.Id))!);
            await db.SaveChangesAsync();
        }

        try
        {
            using var docker = new DockerClient();
            await using var started = Fixture.BuildPlatform(docker);
            await started.GetRequiredService<SpaceLifecycle>().ReconcileAsync();

            Assert.Empty(await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = mine }));
            Assert.Empty(await Fixture.Docker.Networks.ListAsync(mine));
            Assert.Empty(await Fixture.Docker.Volumes.ListAsync(mine));
            Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
            Assert.Equal("otherplatform", (await Fixture.Docker.Networks.InspectAsync(foreign.Id)).Labels![SpaceResources.InstanceLabel]);
        }
        finally
        {
            await Fixture.Docker.Networks.RemoveAsync(foreign.Id);
        }
    }

    [Fact]
    public async Task A_sweep_beside_a_build_removes_a_deleted_spaces_network_at_once_and_its_images_once_the_build_ends()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("swept beside a build"));
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        await Fixture.Lifecycle.StopAsync(space);
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Stopped);
        var mine = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, space.Id.ToString(CultureInfo.InvariantCulture))
            .Label(SpaceResources.InstanceLabel, Fixture.Resources.Instance);
        await using (var scope = Fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            db.Repos.Remove((await db.Repos.FindAsync(space.Id))!);
            await db.SaveChangesAsync();
        }

        using var docker = new DockerClient();
        await using var started = Fixture.BuildPlatform(docker);
        // A build under way on that platform: it may be reusing layers the deleted Space's images share.
        using (await started.GetRequiredService<ImageBuildGuard>().EnterBuildAsync(CancellationToken.None))
        {
            await started.GetRequiredService<SpaceLifecycle>().ReconcileAsync();

            Assert.Empty(await Fixture.Docker.Networks.ListAsync(mine));
            Assert.NotEmpty(await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = mine }));
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = mine })).Count > 0)
        {
            await Task.Delay(100, patience.Token);
        }
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

    /// <summary>
    /// A runtime whose own reconciler runs once, at start: a test's explicit passes are then the only ones that act (a periodic pass
    /// of the fixture's platform could otherwise remove a test's stray container before the test's pass lists it).
    /// </summary>
    public sealed class QuietFixture() : RuntimeFixture(new Dictionary<string, string?> { ["Spaces:Runtime:ReconcileInterval"] = "1.00:00:00" });
}
