using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;

namespace Spaces.Runtime.Tests.Builds;

[Collection(BuildCollection.Name)]
public sealed class StaticSpaceBuildTests(BuildFixture fixture)
{
    private static readonly TimeSpan BuildWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_static_space_with_its_entry_page_succeeds_without_an_image()
    {
        var space = await fixture.CreateSpaceAsync("static", new Dictionary<string, string> { ["index.html"] = "<h1>hi</h1>" });

        var ticket = await fixture.Queue.EnqueueAsync(space, space.HeadCommit!);
        var result = await ticket.Completion.WaitAsync(BuildWait);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Null(result.ImageId);
        Assert.Equal(Core.Config.SpaceSdk.Static, result.Config?.Sdk);
        Assert.Empty(await fixture.ImagesOfAsync(space));
        Assert.Contains(await fixture.Logs.ReadAllAsync(space.Id, ticket.BuildId), line => line.Contains("'index.html' is there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_static_space_whose_entry_page_is_missing_fails()
    {
        var space = await fixture.CreateSpaceAsync("static", new Dictionary<string, string> { ["index.html"] = "<h1>hi</h1>" });
        var first = space.HeadCommit;
        var named = await fixture.CreateSpaceAsync("static", new Dictionary<string, string> { ["index.html"] = "<h1>hi</h1>" }, appFile: "app.html");
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            // Remove index.html in a second commit: the first one built fine, this one must not.
            var repos = scope.ServiceProvider.GetRequiredService<Core.Repositories.RepoService>();
            await repos.CommitAsync(Core.Repositories.Actor.Session(fixture.User), space, new Core.Repositories.CommitRequest(
                "remove the page", Core.Repositories.RepoService.AuthorOf(fixture.User), [new Core.Repositories.DeleteFile("index.html")]));
        }

        var withoutIndex = await (await fixture.Queue.EnqueueAsync(space, "main")).Completion.WaitAsync(BuildWait);
        var withoutAppFile = await (await fixture.Queue.EnqueueAsync(named, named.HeadCommit!)).Completion.WaitAsync(BuildWait);

        Assert.Equal(SpaceBuildStatus.Failed, withoutIndex.Status);
        Assert.NotEqual(first, withoutIndex.Revision);
        Assert.Contains("index.html", withoutIndex.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(SpaceBuildStatus.Failed, withoutAppFile.Status);
        Assert.Contains("app.html", withoutAppFile.ErrorMessage, StringComparison.Ordinal);
    }
}
