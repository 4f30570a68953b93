using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Docker.Models;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Tests.Builds;

[Collection(BuildCollection.Name)]
public sealed class BuildQueueTests(BuildFixture fixture)
{
    private static readonly TimeSpan BuildWait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_newer_revision_cancels_the_running_build_and_leaves_no_build_container()
    {
        var marker = $"slow-{fixture.RunId}";
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN echo {marker} && sleep 60\n",
        });
        var first = space.HeadCommit!;
        using var watching = new CancellationTokenSource(BuildWait);
        var sleeping = WaitForLineAsync(space.Id, marker, watching.Token);

        var older = await fixture.Queue.EnqueueAsync(space, first);
        await sleeping;
        var second = await fixture.CommitAsync(space, new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN echo quick\n",
        });
        var newer = await fixture.Queue.EnqueueAsync(space, second);
        var cancelled = await older.Completion.WaitAsync(BuildWait);
        var succeeded = await newer.Completion.WaitAsync(BuildWait);

        Assert.Equal(SpaceBuildStatus.Cancelled, cancelled.Status);
        Assert.Contains("newer revision", cancelled.ErrorMessage, StringComparison.Ordinal);
        Assert.True(succeeded.Succeeded, succeeded.ErrorMessage);
        Assert.Equal(second, succeeded.Revision);
        Assert.Equal(SpaceBuildStatus.Cancelled, (await RowAsync(older.BuildId)).Status);
        Assert.Equal(SpaceBuildStatus.Succeeded, (await RowAsync(newer.BuildId)).Status);
        Assert.False(await fixture.Docker.Images.ExistsAsync(fixture.Resources.ImageTag(space.Id, first)));
        // The engine removes the aborted step's container (forcerm) once it notices the client went away.
        await WaitUntilAsync(async () => !(await BuildContainersAsync(marker)).Any(), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_queued_build_is_cancelled_by_a_newer_one_and_the_same_revision_is_not_built_twice()
    {
        var blocker = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN sleep 60\n",
        });
        var space = await fixture.CreateSpaceAsync("static", new Dictionary<string, string> { ["index.html"] = "one" });
        var first = space.HeadCommit!;
        var second = await fixture.CommitAsync(space, new Dictionary<string, string> { ["index.html"] = "two" });

        var running = await fixture.Queue.EnqueueAsync(blocker, blocker.HeadCommit!);
        var again = await fixture.Queue.EnqueueAsync(blocker, blocker.HeadCommit!);
        var queued = await fixture.Queue.EnqueueAsync(space, first);
        var newer = await fixture.Queue.EnqueueAsync(space, second);
        var queuedResult = await queued.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(newer.Completion.IsCompleted);
        await fixture.Queue.CancelAsync(blocker.Id, "The Space was stopped.");
        var runningResult = await running.Completion.WaitAsync(BuildWait);
        var newerResult = await newer.Completion.WaitAsync(BuildWait);

        Assert.Same(running, again);
        Assert.Equal(SpaceBuildStatus.Cancelled, queuedResult.Status);
        Assert.Null((await RowAsync(queued.BuildId)).StartedAt);
        Assert.Equal(SpaceBuildStatus.Cancelled, runningResult.Status);
        Assert.Equal("The Space was stopped.", runningResult.ErrorMessage);
        Assert.True(newerResult.Succeeded, newerResult.ErrorMessage);
        Assert.Null(fixture.Queue.Current(space.Id));
    }

    [Fact]
    public async Task A_build_over_the_timeout_fails_with_a_message()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN sleep 60\n",
        });
        var limit = fixture.Options.BuildTimeout;
        fixture.Options.BuildTimeout = TimeSpan.FromSeconds(3);
        try
        {
            var result = await (await fixture.Queue.EnqueueAsync(space, space.HeadCommit!)).Completion.WaitAsync(BuildWait);

            Assert.Equal(SpaceBuildStatus.Failed, result.Status);
            Assert.Equal("The build took longer than the limit of 3.0 s and was stopped.", result.ErrorMessage);
        }
        finally
        {
            fixture.Options.BuildTimeout = limit;
        }
    }

    [Fact]
    public async Task Build_lines_are_published_live_and_stored_and_only_the_newest_logs_are_kept()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN for i in 1 2 3; do echo line-$i; done\n",
        });
        var live = new List<LogLineNotification>();
        using var watching = new CancellationTokenSource();
        var watch = CollectAsync(space.Id, live, watching.Token);
        fixture.Notifications.PublishLog(space.Id, LogKind.Build, "from an earlier build");

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!, noCache: true);
        var result = await ticket.Completion.WaitAsync(BuildWait);
        await Task.Delay(200);
        await watching.CancelAsync();
        await watch;

        Assert.True(result.Succeeded, result.ErrorMessage);
        var stored = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Equal(stored, live.Skip(1).Select(l => l.Line));
        Assert.Contains("line-3", stored);
        Assert.Contains("without cache", stored[0], StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Notifications.Backlog(space.Id, LogKind.Build), l => l.Line == "from an earlier build");
        Assert.Equal(["line-1", "line-2", "line-3"], stored.Where(l => l.StartsWith("line-", StringComparison.Ordinal)));
        var last = Assert.Single(await fixture.Logs.TailAsync(space.Id, ticket.BuildId, 1));
        Assert.StartsWith("Build succeeded in ", last, StringComparison.Ordinal);

        var keep = fixture.Options.KeepBuildLogsPerSpace;
        fixture.Options.KeepBuildLogsPerSpace = 2;
        try
        {
            var later = new List<long>();
            for (var i = 0; i < 2; i++)
            {
                var rebuild = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!, noCache: i == 0);
                await rebuild.Completion.WaitAsync(BuildWait);
                later.Add(rebuild.BuildId);
            }

            Assert.Equal(later.AsEnumerable().Reverse(), fixture.Logs.ListBuilds(space.Id));
            Assert.False(fixture.Logs.Exists(space.Id, ticket.BuildId));
            Assert.Equal(SpaceBuildStatus.Succeeded, (await RowAsync(ticket.BuildId)).Status);
        }
        finally
        {
            fixture.Options.KeepBuildLogsPerSpace = keep;
        }
    }

    [Fact]
    public async Task Old_images_are_pruned_beyond_the_keep_count_except_one_a_container_uses()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nCOPY version.txt /version.txt\n",
            ["version.txt"] = "1",
        });
        var keep = fixture.Options.KeepImagesPerSpace;
        fixture.Options.KeepImagesPerSpace = 2;
        var revisions = new List<string> { space.HeadCommit! };
        try
        {
            await BuildAsync(space, revisions[0]);
            revisions.Add(await CommitVersionAsync(space, 2));
            await BuildAsync(space, revisions[1]);
            var user = await fixture.Docker.Containers.CreateAsync(new CreateContainerParameters
            {
                Image = fixture.Resources.ImageTag(space.Id, revisions[0]),
                Cmd = ["true"],
                Labels = new() { [BuildFixture.RunLabel] = fixture.RunId, [SpaceResources.ManagedLabel] = "true" },
            });
            revisions.Add(await CommitVersionAsync(space, 3));
            await BuildAsync(space, revisions[2]);

            // The newest two stay, and the oldest too: a container still uses it.
            Assert.Equal([revisions[0], revisions[1], revisions[2]], await RevisionsAsync(space));

            await fixture.Docker.Containers.RemoveAsync(user.ID, force: true);
            revisions.Add(await CommitVersionAsync(space, 4));
            await BuildAsync(space, revisions[3]);

            Assert.Equal([revisions[2], revisions[3]], await RevisionsAsync(space));
        }
        finally
        {
            fixture.Options.KeepImagesPerSpace = keep;
        }

        async Task<string[]> RevisionsAsync(Repo repo)
        {
            var images = await fixture.ImagesOfAsync(repo);
            return [.. images.Select(i => i.Labels![SpaceResources.RevisionLabel]).OrderBy(revisions.IndexOf)];
        }
    }

    private async Task BuildAsync(Repo space, string revision)
    {
        var result = await (await fixture.Queue.EnqueueAsync(space, revision)).Completion.WaitAsync(BuildWait);
        Assert.True(result.Succeeded, result.ErrorMessage);
    }

    private Task<string> CommitVersionAsync(Repo space, int version) =>
        fixture.CommitAsync(space, new Dictionary<string, string> { ["version.txt"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private async Task WaitForLineAsync(long spaceId, string text, CancellationToken cancellationToken)
    {
        await foreach (var item in fixture.Notifications.WatchAsync(spaceId, cancellationToken))
        {
            if (item is LogLineNotification line && line.Line.Contains(text, StringComparison.Ordinal) && !line.Line.Contains("RUN", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    private async Task CollectAsync(long spaceId, List<LogLineNotification> lines, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in fixture.Notifications.WatchAsync(spaceId, cancellationToken))
            {
                if (item is LogLineNotification { Kind: LogKind.Build } line)
                {
                    lines.Add(line);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private async Task<IEnumerable<ContainerSummary>> BuildContainersAsync(string marker) =>
        (await fixture.Docker.Containers.ListAsync(new ContainersListParameters { All = true }))
            .Where(c => c.Command?.Contains(marker, StringComparison.Ordinal) == true);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Condition not met within {limit}.");
            await Task.Delay(250);
        }
    }

    private async Task<SpaceBuild> RowAsync(long buildId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpacesDbContext>().SpaceBuilds.AsNoTracking().SingleAsync(b => b.Id == buildId);
    }
}
