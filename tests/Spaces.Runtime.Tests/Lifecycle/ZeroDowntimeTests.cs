using System.Text;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class ZeroDowntimeTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task A_new_revision_builds_and_starts_beside_the_old_one_which_serves_until_the_switch()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("v1"));
        var v1 = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);

        // A visitor asking all along, through the endpoint as the gateway does (re-reading it when a request fails).
        using var stop = new CancellationTokenSource();
        var answers = new List<string>();
        var failures = new List<string>();
        var visitor = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var endpoint = await Fixture.Lifecycle.GetEndpointAsync(space.Id);
                try
                {
                    answers.Add(await TestApps.GetAsync(endpoint!.HostPort));
                }
                catch (HttpRequestException ex)
                {
                    var now = await Fixture.Lifecycle.GetEndpointAsync(space.Id);
                    if (now?.HostPort == endpoint!.HostPort)
                    {
                        failures.Add(ex.Message);
                    }
                }

                await Task.Delay(20);
            }
        });

        var files = TestApps.Files(Fixture, TestApps.Serve("v2", before: "sleep 2"));
        var v2Revision = await Fixture.CommitAsync(space, new Dictionary<string, byte[]> { ["app.sh"] = files["app.sh"] });
        var v2 = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running, runningRevision: v2Revision);
        await Task.Delay(200);
        await stop.CancelAsync();
        await visitor;

        Assert.Empty(failures);
        Assert.Contains("v1\n", answers);
        Assert.Equal("v2\n", answers[^1]);
        Assert.Equal("v2\n", await TestApps.GetAsync(v2.HostPort!.Value));
        Assert.NotEqual(v1.RunningContainerId, v2.RunningContainerId);
        await Assert.ThrowsAsync<Docker.DockerNotFoundException>(() => Fixture.Docker.Containers.InspectAsync(v1.RunningContainerId!));
        Assert.Single(await Fixture.ContainersOfAsync(space.Id));
        Assert.Equal(
            [SpaceStage.Building, SpaceStage.AppStarting, SpaceStage.Running, SpaceStage.RunningBuilding, SpaceStage.RunningAppStarting, SpaceStage.Running],
            await Fixture.StagesOfAsync(space.Id));
    }

    [Fact]
    public async Task A_failed_update_keeps_the_old_revision_serving_and_shows_the_error()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("good"));
        var good = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);

        await Fixture.CommitAsync(space, new Dictionary<string, byte[]> { ["app.sh"] = Encoding.UTF8.GetBytes("echo broken\nexit 9\n") });
        var failed = await Fixture.WaitForStageAsync(space.Id, SpaceStage.RuntimeError);

        Assert.Contains("exited with code 9", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(good.RunningContainerId, failed.RunningContainerId);
        Assert.Equal(good.RunningRevision, failed.RunningRevision);
        Assert.Equal("good\n", await TestApps.GetAsync(good.HostPort!.Value));
        Assert.Equal(good.HostPort, (await Fixture.Lifecycle.GetEndpointAsync(space.Id))?.HostPort);
    }
}
