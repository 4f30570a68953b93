using Spaces.Core.Problems;
using Spaces.Core.Spaces;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Xunit.Abstractions;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class ControlTests(RuntimeFixture fixture, ITestOutputHelper output) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task Restart_pause_resume_stop_sleep_wake_and_delete_remove_or_recreate_the_container()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("controlled"));
        var first = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        space = await Fixture.ReloadAsync(space);
        var lifecycle = Fixture.Lifecycle;

        await lifecycle.RestartAsync(space, factory: false);
        var restarted = await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.Running && r.RunningContainerId != first.RunningContainerId);
        Assert.Equal(first.RunningRevision, restarted.RunningRevision);
        Assert.Equal("controlled\n", await TestApps.GetAsync(restarted.HostPort!.Value));
        Assert.Single(await Fixture.ContainersOfAsync(space.Id));

        await lifecycle.PauseAsync(space);
        var paused = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Paused);
        Assert.Equal(SpaceDesiredState.Paused, paused.DesiredState);
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        Assert.Null(await lifecycle.GetEndpointAsync(space.Id));
        Assert.False(await lifecycle.WakeAsync(space));

        await lifecycle.ResumeAsync(space);
        var resumed = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        Assert.Equal("controlled\n", await TestApps.GetAsync(resumed.HostPort!.Value));

        await lifecycle.StopAsync(space);
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Stopped);
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        await lifecycle.ResumeAsync(space);
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);

        await lifecycle.SleepAsync(space.Id);
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Sleeping);
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        var wakeClock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await lifecycle.WakeAsync(space));
        output.WriteLine($"wake took {wakeClock.ElapsedMilliseconds} ms");
        var woken = await lifecycle.GetEndpointAsync(space.Id);
        Assert.Equal("controlled\n", await TestApps.GetAsync(woken!.HostPort));
        Assert.Equal(SpaceStage.Running, (await Fixture.Stages.GetAsync(space.Id))!.Stage);

        await lifecycle.DeleteResourcesAsync(space.Id);
        Assert.Equal(SpaceStage.Deleting, (await Fixture.Stages.GetAsync(space.Id))!.Stage);
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        var byId = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await Fixture.Docker.Networks.ListAsync(byId));
        Assert.Empty(await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = byId }));
        Assert.Null(await lifecycle.GetEndpointAsync(space.Id));
    }

    [Fact]
    public async Task A_deleted_spaces_images_wait_for_a_build_under_way_and_go_when_it_ends()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("deleted beside a build"));
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        var byId = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var guard = Fixture.Services.GetRequiredService<ImageBuildGuard>();

        // Another Space's build under way: it may be reusing layers this Space's images share.
        using (await guard.EnterBuildAsync(CancellationToken.None))
        {
            await Fixture.Lifecycle.DeleteResourcesAsync(space.Id);

            Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
            Assert.Empty(await Fixture.Docker.Networks.ListAsync(byId));
            Assert.NotEmpty(await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = byId }));
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Fixture.Docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = byId })).Count > 0)
        {
            await Task.Delay(100, patience.Token);
        }
    }

    [Fact]
    public async Task Hardware_and_sleep_time_are_validated_and_a_new_flavor_restarts_on_its_limits()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("sized"));
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        space = await Fixture.ReloadAsync(space);

        var flavor = await Assert.ThrowsAsync<ProblemException>(() => Fixture.Lifecycle.SetHardwareAsync(space, "quantum-xl", null));
        var sleep = await Assert.ThrowsAsync<ProblemException>(() => Fixture.Lifecycle.SetSleepTimeAsync(space, 30));
        await Fixture.Lifecycle.SetSleepTimeAsync(space, 120);
        await Fixture.Lifecycle.SetHardwareAsync(space, RuntimeFixture.TinyFlavor, null);
        var tiny = await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.Running && r.Hardware == RuntimeFixture.TinyFlavor);

        Assert.Equal(("flavor", ProblemKind.Invalid), (flavor.Field, flavor.Kind));
        Assert.Equal("seconds", sleep.Field);
        var stored = await Fixture.ReloadAsync(space);
        Assert.Equal((RuntimeFixture.TinyFlavor, 120), (stored.RequestedHardware, stored.SleepTimeSeconds));
        var container = await Fixture.Docker.Containers.InspectAsync(tiny.RunningContainerId!);
        Assert.Equal(RuntimeFixture.TinyMemoryMiB * 1024 * 1024, container.HostConfig!.Memory);
        Assert.Equal(500_000_000, container.HostConfig.NanoCpus);
        Assert.Contains("MEMORY=32Mi", container.Config!.Env!);
        Assert.Equal("sized\n", await TestApps.GetAsync(tiny.HostPort!.Value));

        await Fixture.SetVariableAsync(space, "NEW_SETTING", "on");
        await Fixture.Lifecycle.EnvironmentChangedAsync(space);
        var changed = await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.Running && r.RunningContainerId != tiny.RunningContainerId);
        Assert.Contains("NEW_SETTING=on", (await Fixture.Docker.Containers.InspectAsync(changed.RunningContainerId!)).Config!.Env!);
    }

    [Fact]
    public async Task A_crashing_app_is_restarted_with_backoff_then_stays_in_runtime_error()
    {
        Fixture.Lifecycle.CrashBackoff = TimeSpan.FromMilliseconds(100);
        var script = "mkdir -p /tmp/www && echo up > /tmp/www/index.html\nbusybox httpd -f -p 7860 -h /tmp/www &\nsleep 1.5\necho 'giving up' >&2\nexit 5\n";
        var space = await CreateDockerSpaceAsync(script);

        var final = await Fixture.WaitForAsync(space.Id,
            r => r.Stage == SpaceStage.RuntimeError && r.CrashCount == Fixture.Options.MaxCrashRestarts + 1, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);

        Assert.Contains("exited with code 5", final.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("giving up", final.ErrorMessage, StringComparison.Ordinal);
        var settled = (await Fixture.Stages.GetAsync(space.Id))!;
        Assert.Equal((SpaceStage.RuntimeError, Fixture.Options.MaxCrashRestarts + 1), (settled.Stage, settled.CrashCount));
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        var stages = await Fixture.StagesOfAsync(space.Id);
        Assert.Equal(Fixture.Options.MaxCrashRestarts + 1, stages.Count(s => s == SpaceStage.RuntimeError));
        Assert.Equal(Fixture.Options.MaxCrashRestarts + 1, stages.Count(s => s == SpaceStage.Running));
    }
}
