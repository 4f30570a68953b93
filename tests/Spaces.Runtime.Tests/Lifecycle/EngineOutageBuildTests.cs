using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.TestSupport;
using Xunit.Abstractions;

namespace Spaces.Runtime.Tests.Lifecycle;

/// <summary>
/// Builds and deletions while the real dockerd is away (one SIGTERM and restart): a build the engine cuts waits for it and starts again
/// from the beginning, a build queued meanwhile stays queued, and a Space deleted meanwhile is gone at once for the platform and its
/// labelled engine resources go once the engine answers.
/// </summary>
[Collection(EngineRestartCollection.Name)]
public sealed class EngineOutageBuildTests(EngineRestartFixture fixture, ITestOutputHelper output) : LifecycleTestBase(fixture)
{
    private const string SlowStepMarker = "slow-step-started";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Builds_cut_or_queued_during_an_outage_run_after_it_and_a_space_deleted_during_it_leaves_nothing_behind()
    {
        try
        {
            await RunOutageAsync();
        }
        catch
        {
            foreach (var line in Fixture.PlatformLog.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    private async Task RunOutageAsync()
    {
        // A running Space to delete during the outage (its container, image and network exist), then a build held in a slow RUN step.
        var doomed = await CreateDockerSpaceAsync(TestApps.Serve("doomed"));
        await Fixture.WaitForStageAsync(doomed.Id, SpaceStage.Running);
        Assert.NotEmpty(await LabelledResourcesAsync(doomed.Id));
        var slow = await CreateSpaceAsync("docker", BusyboxApp.Script(TestApps.Serve("slow"),
            afterFrom: $"LABEL {RuntimeFixture.RunLabel}={Fixture.RunId}\nRUN echo {SlowStepMarker} && sleep 4"));
        await WaitForBuildLineAsync(slow.Id, SlowStepMarker);

        var clock = Stopwatch.StartNew();
        Repo queued;
        await using (var outage = await EngineOutage.BeginAsync())
        {
            // The cut build is not a BUILD_ERROR: the Space says it waits for the engine.
            var waiting = await Fixture.WaitForAsync(slow.Id, r => r.Stage == SpaceStage.BuildError ||
                (r.Stage == SpaceStage.Building && r.ErrorMessage?.Contains("went away during the build", StringComparison.Ordinal) == true), Bound);
            Assert.Equal(SpaceStage.Building, waiting.Stage);
            Assert.Equal(SpaceLifecycle.WaitingForEngineReason, (await Fixture.Stages.HistoryAsync(slow.Id, 1))[0].Reason);
            Assert.Contains("attempt 2 of 3", waiting.ErrorMessage, StringComparison.Ordinal);

            // A Space created now builds once the engine is back: its build stays queued instead of failing.
            queued = await CreateDockerSpaceAsync(TestApps.Serve("queued"));
            await WaitForLogAsync($"Build {await FirstBuildIdAsync(queued.Id)} of Space {queued.Id} stays queued until the Docker engine answers");
            Assert.Equal(SpaceBuildStatus.Queued, (await BuildsOfAsync(queued.Id)).Single().Status);
            Assert.Equal(SpaceStage.Building, (await Fixture.Stages.GetAsync(queued.Id))!.Stage);

            // Deleting needs no engine: the Space is gone for the platform at once.
            await using (var scope = Fixture.Services.CreateAsyncScope())
            {
                var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
                await repos.DeleteAsync(Actor.Session(Fixture.User), (await repos.FindAsync(RepoType.Space, Fixture.User.Name, doomed.Name))!);
                Assert.Null(await repos.FindAsync(RepoType.Space, Fixture.User.Name, doomed.Name));
            }

            Assert.Null(await Fixture.Stages.GetAsync(doomed.Id));
            await WaitForLogAsync($"The engine resources of deleted Space {doomed.Id} are removed once the Docker engine answers");
            output.WriteLine($"dockerd exited {outage.StopDuration.TotalMilliseconds:0} ms after SIGTERM; outage checks took {clock.ElapsedMilliseconds} ms");
        }

        var back = Stopwatch.StartNew();

        // The cut build ran again from the beginning and the Space runs; its logs say what happened.
        var running = await Fixture.WaitForStageAsync(slow.Id, SpaceStage.Running, timeout: TimeSpan.FromSeconds(90));
        output.WriteLine($"the cut build's Space ran {back.ElapsedMilliseconds} ms after the engine answered");
        Assert.Equal("slow\n", await TestApps.GetAsync(running.HostPort!.Value));
        var builds = await BuildsOfAsync(slow.Id);
        Assert.Equal([SpaceBuildStatus.Failed, SpaceBuildStatus.Succeeded], builds.Select(b => b.Status));
        Assert.Contains("went away during the build", builds[0].ErrorMessage, StringComparison.Ordinal);
        var logs = Fixture.Services.GetRequiredService<BuildLogStore>();
        var firstLog = await logs.ReadAllAsync(slow.Id, builds[0].Id);
        var secondLog = await logs.ReadAllAsync(slow.Id, builds[1].Id);
        Assert.True(firstLog.Any(l => l.Contains("Build cut by the Docker engine", StringComparison.Ordinal)), string.Join("\n", firstLog));
        Assert.Contains(secondLog, l => l.Contains($"The previous attempt (build {builds[0].Id}) was cut by the Docker engine", StringComparison.Ordinal));
        Assert.Contains(secondLog, l => l.Contains(SlowStepMarker, StringComparison.Ordinal));
        var stages = (await Fixture.Stages.HistoryAsync(slow.Id)).Reverse().Select(e => (e.Stage, e.Reason.Split(' ')[0])).ToList();
        Assert.Equal([(SpaceStage.Building, "Building"), (SpaceStage.Building, "Waiting"), (SpaceStage.Building, "Building"),
            (SpaceStage.AppStarting, "Revision"), (SpaceStage.Running, "Revision")], stages);

        // The build queued during the outage ran once, after it.
        await Fixture.WaitForStageAsync(queued.Id, SpaceStage.Running, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal([SpaceBuildStatus.Succeeded], (await BuildsOfAsync(queued.Id)).Select(b => b.Status));

        // The deleted Space's labelled container, image, network and volume are gone once the engine answers.
        var cleanup = Stopwatch.StartNew();
        while (await LabelledResourcesAsync(doomed.Id) is { Count: > 0 } left)
        {
            Assert.True(cleanup.Elapsed < TimeSpan.FromSeconds(30), "Left behind 30 s after the engine answered: " + string.Join(", ", left));
            await Task.Delay(100);
        }

        output.WriteLine($"the deleted Space's resources were gone {back.ElapsedMilliseconds} ms after the engine answered");
    }

    // Everything in the engine labelled with the Space's id and this platform's instance.
    private async Task<List<string>> LabelledResourcesAsync(long spaceId)
    {
        var filter = DockerFilters.ByLabel(SpaceResources.SpaceIdLabel, spaceId.ToString(CultureInfo.InvariantCulture))
            .Label(SpaceResources.InstanceLabel, Fixture.Resources.Instance);
        var docker = Fixture.Docker;
        return
        [
            .. (await docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter })).Select(c => "container " + c.Id),
            .. (await docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter })).Select(i => "image " + i.Id),
            .. (await docker.Networks.ListAsync(filter)).Select(n => "network " + n.Name),
            .. (await docker.Volumes.ListAsync(filter)).Select(v => "volume " + v.Name),
        ];
    }

    private async Task<List<SpaceBuild>> BuildsOfAsync(long spaceId)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.SpaceBuilds.AsNoTracking().Where(b => b.RepoId == spaceId).OrderBy(b => b.Id).ToListAsync();
    }

    private async Task<long> FirstBuildIdAsync(long spaceId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((await BuildsOfAsync(spaceId)).FirstOrDefault() is { } build)
            {
                return build.Id;
            }

            Assert.True(clock.Elapsed < Bound, $"No build of Space {spaceId} was queued.");
            await Task.Delay(50);
        }
    }

    private async Task WaitForBuildLineAsync(long spaceId, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!Fixture.Notifications.Backlog(spaceId, LogKind.Build).Any(l => l.Line.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The build log of Space {spaceId} has no line with '{text}'.");
            await Task.Delay(20);
        }
    }

    private async Task WaitForLogAsync(string text)
    {
        var clock = Stopwatch.StartNew();
        while (!Fixture.PlatformLog.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < Bound, $"The platform log has no line with '{text}'.");
            await Task.Delay(50);
        }
    }
}
