using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;

namespace Spaces.Runtime.Tests.Builds;

/// <summary>
/// A docker Space whose Dockerfile runs a script straight (no chmod): the script's executable bit, kept through a rename and an
/// edit on the platform, reaches the build context through <c>git archive</c>, so the step runs.
/// </summary>
[Collection(BuildCollection.Name)]
public sealed class ExecutableScriptBuildTests(BuildFixture fixture)
{
    private static readonly TimeSpan BuildWait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_script_renamed_and_edited_on_the_platform_stays_executable_in_the_build()
    {
        var space = await fixture.CreateSpaceAsync("docker", new Dictionary<string, string>
        {
            ["Dockerfile"] = $"FROM {BuildFixture.BaseImage}\n{fixture.LabelInstruction}\nCOPY tools/start.sh /start.sh\nRUN /start.sh\n",
        });
        await using var scope = fixture.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var actor = Actor.Session(fixture.User);
        var author = RepoService.AuthorOf(fixture.User);

        // As a push of an executable script would record it (mode 100755), then the Files tab's rename and the editor's save.
        await repos.CommitAsync(actor, space, new CommitRequest("Add the script", author,
            [new PutFile("start.sh", new MemoryStream("#!/bin/sh\necho first\n"u8.ToArray()), RepoFileMode.Executable)]));
        await repos.MoveFileAsync(actor, space, "start.sh", "tools/start.sh", expectedParent: null);
        var edited = await repos.CommitAsync(actor, space, new CommitRequest("Edit the script", author,
            [new PutFile("tools/start.sh", new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho the-script-ran-as-a-program\n")))]));

        var ticket = await fixture.Queue.EnqueueAsync(space, edited.CommitId);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Contains("the-script-ran-as-a-program", await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId));
    }
}
