using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Tests.Builds;

[Collection(BuildCollection.Name)]
public sealed class DockerSpaceBuildTests(BuildFixture fixture)
{
    private static readonly TimeSpan BuildWait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_docker_space_builds_an_image_tagged_by_its_commit_with_the_space_labels()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n",
            ["hello.txt"] = "hello from a docker space\n",
        });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(space.HeadCommit, result.Revision);
        Assert.Equal(Core.Config.SpaceSdk.Docker, result.Config?.Sdk);
        var image = await fixture.Docker.Images.InspectAsync(fixture.Resources.ImageTag(space.Id, space.HeadCommit!));
        Assert.Equal(result.ImageId, image.Id);
        var labels = image.Config?.Labels ?? [];
        Assert.Equal("true", labels[SpaceResources.ManagedLabel]);
        Assert.Equal(space.FullName, labels[SpaceResources.SpaceLabel]);
        Assert.Equal(space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[SpaceResources.SpaceIdLabel]);
        Assert.Equal(space.HeadCommit, labels[SpaceResources.RevisionLabel]);
        Assert.Equal("image", labels[SpaceResources.RoleLabel]);

        var row = await BuildRowAsync(ticket.BuildId);
        Assert.Equal(SpaceBuildStatus.Succeeded, row.Status);
        Assert.Equal(result.ImageId, row.ImageId);
        Assert.NotNull(row.StartedAt);
        Assert.NotNull(row.FinishedAt);
        var log = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Contains(log, line => line.StartsWith("Step 1/", StringComparison.Ordinal));
        Assert.Contains("hello from a docker space", log);
    }

    [Fact]
    public async Task The_labels_are_one_LABEL_step_at_the_end_of_the_final_stage_of_the_users_own_Dockerfile()
    {
        // The user's file: a backtick escape directive, two stages, no final line break.
        var dockerfile = $"# escape=`\nFROM {BuildFixture.BaseImage} AS first\n{fixture.LabelInstruction}\nRUN echo built > /built.txt\n\n" +
            $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nCOPY --from=first /built.txt /built.txt\nRUN cat /built.txt `\n    && true";
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string> { ["Dockerfile"] = dockerfile });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage);
        var tag = fixture.Resources.ImageTag(space.Id, space.HeadCommit!);
        var labels = (await fixture.Docker.Images.InspectAsync(tag)).Config?.Labels ?? [];
        var expected = new Dictionary<string, string>((await fixture.Docker.Images.InspectAsync(BuildFixture.BaseImage)).Config?.Labels ?? [])
        {
            [BuildFixture.RunLabel] = fixture.RunId,
            [SpaceResources.ManagedLabel] = "true",
            [SpaceResources.InstanceLabel] = fixture.Resources.Instance,
            [SpaceResources.SpaceLabel] = space.FullName,
            [SpaceResources.SpaceIdLabel] = space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SpaceResources.RoleLabel] = "image",
            [SpaceResources.RevisionLabel] = space.HeadCommit!,
        };
        Assert.Equal(expected.OrderBy(l => l.Key, StringComparer.Ordinal), labels.OrderBy(l => l.Key, StringComparer.Ordinal));

        // Newest first: the platform's single LABEL step tops the final stage's own steps; no other step names its labels.
        var history = (await BuildFixture.DockerCliAsync("history", "--no-trunc", "--format", "{{.CreatedBy}}", tag))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(SpaceResources.InstanceLabel, history[0], StringComparison.Ordinal);
        Assert.Contains(SpaceResources.RevisionLabel, history[0], StringComparison.Ordinal);
        Assert.Single(history, step => step.Contains(SpaceResources.InstanceLabel, StringComparison.Ordinal));
        Assert.Contains("cat /built.txt", history[1], StringComparison.Ordinal);
        Assert.Equal(2, history.Count(step => step.Contains("LABEL", StringComparison.Ordinal)));
        var log = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Single(log, line => line.Contains(": LABEL", StringComparison.Ordinal) && line.Contains(SpaceResources.InstanceLabel, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Dockerfile_ending_inside_a_line_continuation_is_left_alone_and_gets_its_labels_through_the_build_API()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN echo continued \\\n",
        });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage);
        var labels = (await fixture.Docker.Images.InspectAsync(fixture.Resources.ImageTag(space.Id, space.HeadCommit!))).Config?.Labels ?? [];
        Assert.Equal(space.HeadCommit, labels[SpaceResources.RevisionLabel]);
        Assert.Equal(fixture.Resources.Instance, labels[SpaceResources.InstanceLabel]);
        var log = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Contains(log, line => line.StartsWith("The image labels go to the engine one by one", StringComparison.Ordinal));
        Assert.Contains("continued", log);
    }

    [Fact]
    public async Task A_failing_step_fails_the_build_naming_the_step_and_the_engine_message()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nRUN echo before the failure\nRUN false\nRUN echo never\n",
        });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.Equal(SpaceBuildStatus.Failed, result.Status);
        Assert.Null(result.ImageId);
        Assert.Contains("Step 4/", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("RUN false", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("returned a non-zero code: 1", result.ErrorMessage, StringComparison.Ordinal);
        var row = await BuildRowAsync(ticket.BuildId);
        Assert.Equal(SpaceBuildStatus.Failed, row.Status);
        Assert.Equal(result.ErrorMessage, row.ErrorMessage);
        Assert.Empty(await fixture.ImagesOfAsync(space));
        var log = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Contains("before the failure", log);
        Assert.Contains(log, line => line.StartsWith("Build failed after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Variables_become_build_arguments_while_secrets_never_reach_the_build()
    {
        var secret = $"s3cret-{fixture.RunId}";
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"""
                FROM {BuildFixture.BaseImage}
                {fixture.LabelInstruction}
                ARG GREETING=unset
                ARG API_TOKEN=absent
                RUN echo "greeting=$GREETING token=$API_TOKEN" && echo "$GREETING" > /greeting.txt
                ENV BAKED_GREETING=$GREETING BAKED_TOKEN=$API_TOKEN
                """,
        });
        await fixture.SetVariableAsync(space, "GREETING", "hello-from-a-variable");
        await fixture.SetSecretAsync(space, "API_TOKEN", secret);
        var live = new List<string>();
        using var watching = new CancellationTokenSource();
        var watch = WatchLinesAsync(space.Id, live, watching.Token);

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);
        await Task.Delay(200);
        await watching.CancelAsync();
        await watch;

        Assert.True(result.Succeeded, result.ErrorMessage);
        var log = await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId);
        Assert.Contains("greeting=hello-from-a-variable token=absent", log);
        Assert.DoesNotContain(log, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.Contains("greeting=hello-from-a-variable token=absent", live);
        Assert.DoesNotContain(live, line => line.Contains(secret, StringComparison.Ordinal));
        var tag = fixture.Resources.ImageTag(space.Id, space.HeadCommit!);
        var history = await BuildFixture.DockerCliAsync("history", "--no-trunc", tag);
        Assert.Contains("GREETING=hello-from-a-variable", history, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, history, StringComparison.Ordinal);
        var inspect = await BuildFixture.DockerCliAsync("image", "inspect", tag);
        Assert.Contains("BAKED_GREETING=hello-from-a-variable", inspect, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, inspect, StringComparison.Ordinal);
        Assert.Contains("BAKED_TOKEN=absent", inspect, StringComparison.Ordinal);
    }

    private async Task WatchLinesAsync(long spaceId, List<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in fixture.Notifications.WatchAsync(spaceId, cancellationToken))
            {
                if (item is LogLineNotification { Kind: LogKind.Build } line)
                {
                    lines.Add(line.Line);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done watching.
        }
    }

    private async Task<SpaceBuild> BuildRowAsync(long buildId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SpacesDbContext>().SpaceBuilds.AsNoTracking().SingleAsync(b => b.Id == buildId);
    }
}
