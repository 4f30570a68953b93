using System.Diagnostics;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Docker.Models;
using Spaces.Runtime.Lifecycle;
using Xunit.Abstractions;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>
/// The real dockerd stopped (SIGTERM) and started again while Spaces run. This engine has live-restore off, so it stops every
/// container when it goes down and starts none when it comes back: the platform has to notice, say so, and start its Spaces again.
/// </summary>
[Collection(EngineRestartCollection.Name)]
public sealed class EngineRestartTests(EngineRestartFixture fixture, ITestOutputHelper output) : LifecycleTestBase(fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Spaces_running_when_the_engine_restarts_run_again_and_the_platform_says_what_happened_meanwhile()
    {
        try
        {
            await RestartTheEngineUnderFourSpacesAsync();
        }
        catch
        {
            foreach (var line in Fixture.PlatformLog.Where(l => l.Contains("Lifecycle", StringComparison.Ordinal) || !l.StartsWith("Debug", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    private async Task RestartTheEngineUnderFourSpacesAsync()
    {
        // Four Spaces: one left alone, one its owner restarts during the outage, one asleep that a visitor wakes during it, and one
        // its owner pauses during it.
        var alone = await CreateDockerSpaceAsync(TestApps.Serve("left alone"));
        var restarted = await CreateDockerSpaceAsync(TestApps.Serve("restarted"));
        var sleeper = await CreateDockerSpaceAsync(TestApps.Serve("woken"));
        var paused = await CreateDockerSpaceAsync(TestApps.Serve("paused"));
        var aloneBefore = await Fixture.WaitForStageAsync(alone.Id, SpaceStage.Running);
        var restartedBefore = await Fixture.WaitForStageAsync(restarted.Id, SpaceStage.Running);
        var pausedBefore = await Fixture.WaitForStageAsync(paused.Id, SpaceStage.Running);
        await Fixture.WaitForStageAsync(sleeper.Id, SpaceStage.Running);
        await Fixture.Lifecycle.SleepAsync(sleeper.Id);
        await Fixture.WaitForStageAsync(sleeper.Id, SpaceStage.Sleeping);
        restarted = await Fixture.ReloadAsync(restarted);
        sleeper = await Fixture.ReloadAsync(sleeper);
        paused = await Fixture.ReloadAsync(paused);
        Assert.Equal("left alone\n", await TestApps.GetAsync(aloneBefore.HostPort!.Value));

        var outageClock = Stopwatch.StartNew();
        await using (var outage = await EngineOutage.BeginAsync())
        {
            output.WriteLine($"dockerd exited {outage.StopDuration.TotalMilliseconds:0} ms after SIGTERM");

            // The engine stopped the containers as it went down; the platform says so at once and routes nothing to the dead ports.
            foreach (var (space, before) in new[] { (alone, aloneBefore), (restarted, restartedBefore) })
            {
                var down = await Fixture.WaitForAsync(space.Id, r => r.Stage == SpaceStage.RuntimeError, Bound);
                Assert.Contains("went away", down.ErrorMessage, StringComparison.Ordinal);
                Assert.Equal(SpaceLifecycle.EngineUnreachableReason, (await Fixture.Stages.HistoryAsync(space.Id, 1))[0].Reason);
                Assert.Null(await Fixture.Lifecycle.GetEndpointAsync(space.Id));
                await Assert.ThrowsAsync<HttpRequestException>(() => TestApps.GetAsync(before.HostPort!.Value));
            }

            // A visitor's wake is answered at once (not after the wake timeout), and the stage says why the Space cannot start now.
            var wakeClock = Stopwatch.StartNew();
            Assert.False(await Fixture.Lifecycle.WakeAsync(sleeper).WaitAsync(Bound));
            output.WriteLine($"wake during the outage answered in {wakeClock.ElapsedMilliseconds} ms");
            var refused = (await Fixture.Stages.GetAsync(sleeper.Id))!;
            Assert.Equal(SpaceStage.RuntimeError, refused.Stage);
            Assert.Contains("Cannot reach the Docker engine", refused.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("as soon as the engine answers again", refused.ErrorMessage, StringComparison.Ordinal);

            // The owner's restart returns at once; its deployment waits for the engine, as the stage says.
            await Fixture.Lifecycle.RestartAsync(restarted, factory: false).WaitAsync(Bound);
            var waiting = await Fixture.WaitForAsync(restarted.Id,
                r => r.ErrorMessage?.Contains("Cannot reach the Docker engine", StringComparison.Ordinal) == true, Bound);
            Assert.Equal(SpaceStage.RuntimeError, waiting.Stage);

            // Pausing needs no engine: the engine stopped the container already, and the reconciler removes it once the engine is back.
            await Fixture.Lifecycle.PauseAsync(paused).WaitAsync(Bound);
            Assert.Equal(SpaceStage.Paused, (await Fixture.Stages.GetAsync(paused.Id))!.Stage);
        }

        output.WriteLine($"engine away for {outageClock.ElapsedMilliseconds} ms in all");
        var backClock = Stopwatch.StartNew();
        var serving = new List<string>();
        foreach (var (space, greeting, old) in new[]
        {
            (alone, "left alone", aloneBefore.RunningContainerId),
            (restarted, "restarted", restartedBefore.RunningContainerId),
            (sleeper, "woken", null),
        })
        {
            var back = await Fixture.WaitForAsync(space.Id,
                r => r is { Stage: SpaceStage.Running, RunningContainerId: { } id, HostPort: not null } && id != old, TimeSpan.FromSeconds(60));
            output.WriteLine($"{space.Name} running again {backClock.ElapsedMilliseconds} ms after the engine answered");
            Assert.Equal(greeting + "\n", await TestApps.GetAsync(back.HostPort!.Value));
            Assert.Equal(back.HostPort, (await Fixture.Lifecycle.GetEndpointAsync(space.Id))?.HostPort);
            var container = Assert.Single(await Fixture.ContainersOfAsync(space.Id));
            Assert.Equal((back.RunningContainerId, "running"), (container.Id, container.State));
            Assert.Equal(0, back.CrashCount); // The engine's restart is not the app's crash.
            serving.Add(back.RunningContainerId!);
            if (old is not null)
            {
                await Assert.ThrowsAsync<DockerNotFoundException>(() => Fixture.Docker.Containers.InspectAsync(old));
            }
        }

        Assert.Equal(
            [(SpaceStage.Running, "Revision"), (SpaceStage.RuntimeError, SpaceLifecycle.EngineUnreachableReason), (SpaceStage.AppStarting, "Starting"), (SpaceStage.Running, "Revision")],
            await LastStagesAsync(alone.Id, 4));
        Assert.Equal(
            [(SpaceStage.RuntimeError, SpaceLifecycle.EngineUnreachableReason), (SpaceStage.RuntimeError, SpaceLifecycle.EngineUnreachableReason), (SpaceStage.AppStarting, "Starting"), (SpaceStage.Running, "Revision")],
            await LastStagesAsync(restarted.Id, 4));
        Assert.Equal(
            [(SpaceStage.Sleeping, "No"), (SpaceStage.RuntimeError, SpaceLifecycle.EngineUnreachableReason), (SpaceStage.AppStarting, "Starting"), (SpaceStage.Running, "Revision")],
            await LastStagesAsync(sleeper.Id, 4));

        // The paused Space stays paused and its old container goes (the reconciler's loop outlived the outage).
        var pausedClock = Stopwatch.StartNew();
        while ((await Fixture.ContainersOfAsync(paused.Id)).Count > 0)
        {
            Assert.True(pausedClock.Elapsed < TimeSpan.FromSeconds(30), "The paused Space's stopped container was not removed within 30 s.");
            await Task.Delay(100);
        }

        var stillPaused = (await Fixture.Stages.GetAsync(paused.Id))!;
        Assert.Equal((SpaceStage.Paused, SpaceDesiredState.Paused, null), (stillPaused.Stage, stillPaused.DesiredState, stillPaused.RunningContainerId));
        await Assert.ThrowsAsync<DockerNotFoundException>(() => Fixture.Docker.Containers.InspectAsync(pausedBefore.RunningContainerId!));

        // No orphan, no duplicate: this platform's app containers are exactly the three serving ones.
        var apps = await Fixture.Docker.Containers.ListAsync(new ContainersListParameters
        {
            All = true,
            Filters = DockerFilters.ByLabel(SpaceResources.InstanceLabel, Fixture.Resources.Instance).Label(SpaceResources.RoleLabel, "app"),
        });
        Assert.Equal(serving.Order(), apps.Select(c => c.Id).Order());

        // And it still removes a stray container labelled as one of this platform's apps.
        var stray = await StartStrayAppAsync();
        var strayClock = Stopwatch.StartNew();
        while (await ExistsAsync(stray))
        {
            Assert.True(strayClock.Elapsed < TimeSpan.FromSeconds(30), "The reconciler did not remove a stray container within 30 s after the outage.");
            await Task.Delay(100);
        }

        Assert.Contains(Fixture.PlatformLog, line => line.Contains("does not answer; waiting for it", StringComparison.Ordinal));
    }

    // The newest stages, oldest first, each with the first word of its reason.
    private async Task<IReadOnlyList<(SpaceStage Stage, string Reason)>> LastStagesAsync(long spaceId, int count) =>
        [.. (await Fixture.Stages.HistoryAsync(spaceId, count)).Reverse().Select(e => (e.Stage, e.Reason == SpaceLifecycle.EngineUnreachableReason
            ? e.Reason
            : e.Reason.Split(' ')[0]))];

    private async Task<string> StartStrayAppAsync()
    {
        var created = await Fixture.Docker.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = RuntimeFixture.BaseImage,
            Cmd = ["sleep", "300"],
            Labels = new Dictionary<string, string>
            {
                [SpaceResources.ManagedLabel] = "true",
                [SpaceResources.InstanceLabel] = Fixture.Resources.Instance,
                [SpaceResources.RoleLabel] = "app",
                [SpaceResources.SpaceIdLabel] = "987654321987",
                [RuntimeFixture.RunLabel] = Fixture.RunId,
            },
            HostConfig = new HostConfig { Init = true },
        });
        await Fixture.Docker.Containers.StartAsync(created.ID);
        return created.ID;
    }

    private async Task<bool> ExistsAsync(string containerId)
    {
        try
        {
            await Fixture.Docker.Containers.InspectAsync(containerId);
            return true;
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>A runtime whose reconciler runs every 2 s, so the test sees its loop at work after the outage.</summary>
public sealed class EngineRestartFixture() : RuntimeFixture(new Dictionary<string, string?> { ["Spaces:Runtime:ReconcileInterval"] = "00:00:02" });

/// <summary>
/// The engine restart takes dockerd away from every test: no other test class of this assembly may run meanwhile (xunit runs
/// non-parallel collections alone, after the parallel ones), and scripts/test runs the test projects one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineRestartCollection : ICollectionFixture<EngineRestartFixture>
{
    public const string Name = "engine-restart";
}
