using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;
using Spaces.Docker;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>
/// A second platform on the fixture's database whose engine socket does not exist (what a client meets while dockerd is down,
/// without stopping the shared dockerd): builds wait in the queue and a deletion goes through.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class UnreachableEngineTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_build_stays_queued_while_the_engine_does_not_answer_and_a_cancel_still_ends_it()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("queued"));
        await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running); // Its own build is over before the second worker starts (and marks unfinished rows).
        using var docker = MissingEngine();
        await using var platform = Fixture.BuildPlatform(docker);
        var worker = platform.GetRequiredService<BuildWorker>();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var queue = platform.GetRequiredService<BuildQueue>();
            var ticket = await queue.EnqueueAsync(space, space.HeadCommit!);
            await WaitForLogAsync($"Build {ticket.BuildId} of Space {space.Id} stays queued until the Docker engine answers");

            // Well past the one-second poll: still queued, not failed.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.False(ticket.Completion.IsCompleted);
            Assert.Equal(SpaceBuildStatus.Queued, await StatusAsync(ticket.BuildId));

            await queue.CancelAsync(space.Id, "The test cancels it.");
            var result = await ticket.Completion.WaitAsync(Bound);
            Assert.Equal((SpaceBuildStatus.Cancelled, "The test cancels it."), (result.Status, result.ErrorMessage));
            Assert.Equal(SpaceBuildStatus.Cancelled, await StatusAsync(ticket.BuildId));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Deleting_a_space_while_the_engine_does_not_answer_completes_and_leaves_the_removal_for_later()
    {
        const long GoneSpaceId = 876_543_210_987;
        using var docker = MissingEngine();
        await using var platform = Fixture.BuildPlatform(docker);

        await platform.GetRequiredService<SpaceLifecycle>().DeleteResourcesAsync(GoneSpaceId).WaitAsync(Bound);

        await WaitForLogAsync($"The engine resources of deleted Space {GoneSpaceId} are removed once the Docker engine answers");
    }

    private static DockerClient MissingEngine() =>
        new(new DockerClientOptions { Host = $"unix:///tmp/spaces-no-engine-{Guid.NewGuid():N}.sock", ApiVersion = "1.41" });

    private async Task<SpaceBuildStatus> StatusAsync(long buildId)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceBuilds.AsNoTracking().Where(b => b.Id == buildId).Select(b => b.Status).SingleAsync();
    }

    private async Task WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!Fixture.PlatformLog.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The platform log has no line with '{text}'.");
            await Task.Delay(50);
        }
    }
}
