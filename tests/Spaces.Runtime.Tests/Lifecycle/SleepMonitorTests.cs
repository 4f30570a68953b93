using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class SleepMonitorTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task An_idle_space_sleeps_after_its_sleep_time_while_a_visited_one_keeps_running_and_the_sleeper_wakes()
    {
        var idle = await CreateDockerSpaceAsync(TestApps.Serve("idle"), "sleep_time: 1\n");
        var visited = await CreateDockerSpaceAsync(TestApps.Serve("visited"), "sleep_time: 1\n");
        var never = await CreateDockerSpaceAsync(TestApps.Serve("never"), "sleep_time: -1\n");
        foreach (var space in new[] { idle, visited, never })
        {
            await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Fixture.Lifecycle.ReportActivity(visited.Id);
        var slept = await Fixture.Services.GetRequiredService<SleepMonitor>().PutIdleSpacesToSleepAsync();

        Assert.Contains(idle.Id, slept);
        Assert.DoesNotContain(visited.Id, slept);
        Assert.DoesNotContain(never.Id, slept);
        Assert.Equal(SpaceStage.Sleeping, (await Fixture.Stages.GetAsync(idle.Id))!.Stage);
        Assert.Empty(await Fixture.ContainersOfAsync(idle.Id));
        Assert.Equal(SpaceStage.Running, (await Fixture.Stages.GetAsync(visited.Id))!.Stage);
        Assert.True(await Fixture.Lifecycle.WakeAsync(await Fixture.ReloadAsync(idle)));
        var endpoint = await Fixture.Lifecycle.GetEndpointAsync(idle.Id);
        Assert.Equal("idle\n", await TestApps.GetAsync(endpoint!.HostPort));
    }
}
