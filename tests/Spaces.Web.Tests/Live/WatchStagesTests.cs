using System.Text.Json;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Web.Tests.Live;

/// <summary><c>WatchStages</c>: the stages of many Spaces on one stream.</summary>
public sealed class WatchStagesTests : IDisposable
{
    private readonly LiveWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Sends_the_current_stage_of_each_space_first_then_only_stage_changes()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(adaToken);
        var app = await _factory.CreateSpaceAsync(ada, "ada", "app");
        var other = await _factory.CreateSpaceAsync(ada, "ada", "other");
        await _factory.Stages.TransitionAsync(app, SpaceStage.Building, "commit pushed");
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");

        var stream = await hub.StreamAsync("WatchStages", (object)new[] { "ada/app", "ada/other" });

        var first = new[] { Item(await stream.NextAsync()), Item(await stream.NextAsync()) }.Order().ToArray();
        Assert.Equal(["ada/app BUILDING", "ada/other NO_APP_FILE"], first);

        // Log lines and metrics of the watched Spaces, stages of others and a repeat of the current stage are not sent.
        _factory.Notifications.PublishLog(app, LogKind.Build, "step 1");
        _factory.Notifications.Publish(new MetricsSample(app, DateTime.UtcNow, 1, 2, 3));
        _factory.Notifications.Publish(new StageChanged(app, DateTime.UtcNow, SpaceStage.Building, "again", null, null));
        var stranger = await _factory.CreateSpaceAsync(ada, "ada", "stranger");
        await _factory.Stages.TransitionAsync(stranger, SpaceStage.Building, "commit pushed");
        await _factory.Stages.TransitionAsync(app, SpaceStage.AppStarting, "image built");
        await _factory.Stages.TransitionAsync(other, SpaceStage.BuildError, "build failed", errorMessage: "no Dockerfile");
        await _factory.Stages.TransitionAsync(app, SpaceStage.Running, "healthy");

        var starting = await stream.NextAsync();
        Assert.Equal("ada/app APP_STARTING", Item(starting));
        Assert.False(starting.TryGetProperty("message", out _));
        var failed = await stream.NextAsync();
        Assert.Equal("ada/other BUILD_ERROR", Item(failed));
        Assert.Equal("no Dockerfile", failed.GetProperty("message").GetString());
        Assert.Equal("ada/app RUNNING", Item(await stream.NextAsync()));
        Assert.Equal(3, failed.EnumerateObject().Count());
        Assert.Equal(5, stream.Items.Count);
    }

    [Fact]
    public async Task A_private_space_of_another_user_yields_nothing_while_its_owner_sees_it()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        using var adaHttp = _factory.CreateClient(adaToken);
        var secret = await _factory.CreateSpaceAsync(adaHttp, "ada", "secret", isPrivate: true);
        var open = await _factory.CreateSpaceAsync(adaHttp, "ada", "open");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        await using var bob = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/spaces?access_token={bobToken}");
        await using var anonymous = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");
        await using var ada = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/spaces?access_token={adaToken}");
        string[] asked = ["ada/secret", "ada/open", "ada/missing", "not-an-id"];

        var streams = new[] { await bob.StreamAsync("WatchStages", (object)asked), await anonymous.StreamAsync("WatchStages", (object)asked) };
        var owner = await ada.StreamAsync("WatchStages", (object)asked);
        foreach (var stream in streams)
        {
            Assert.Equal("ada/open NO_APP_FILE", Item(await stream.NextAsync()));
        }

        Assert.Equal(["ada/open NO_APP_FILE", "ada/secret NO_APP_FILE"],
            new[] { Item(await owner.NextAsync()), Item(await owner.NextAsync()) }.Order().ToArray());

        await _factory.Stages.TransitionAsync(secret, SpaceStage.Building, "commit pushed");
        await _factory.Stages.TransitionAsync(open, SpaceStage.Building, "commit pushed");

        Assert.Equal("ada/secret BUILDING", Item(await owner.NextAsync()));
        Assert.Equal("ada/open BUILDING", Item(await owner.NextAsync()));
        foreach (var stream in streams)
        {
            // The private Space's change came first; only the public one's arrives.
            Assert.Equal("ada/open BUILDING", Item(await stream.NextAsync()));
            Assert.Equal(["ada/open NO_APP_FILE", "ada/open BUILDING"], stream.Items.Select(i => Item(i.Json)).ToArray());
        }
    }

    [Fact]
    public async Task More_spaces_than_the_limit_are_refused_naming_the_limit()
    {
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");
        var ids = Enumerable.Range(0, 101).Select(i => $"ada/app{i}").ToArray();

        var stream = await hub.StreamAsync("WatchStages", new object[] { ids });
        var refused = await Assert.ThrowsAsync<HubErrorException>(() => stream.NextAsync());

        Assert.Contains("at most 100 Spaces", refused.Message, StringComparison.Ordinal);
        Assert.Contains("101", refused.Message, StringComparison.Ordinal);
        // 100 are accepted on the same connection; as none of them exists, the stream ends at once without an item.
        var fine = await hub.StreamAsync("WatchStages", new object[] { ids[..100] });
        Assert.Empty(await fine.ReadAllAsync());
    }

    private static string Item(JsonElement item) => $"{item.GetProperty("space").GetString()} {item.GetProperty("stage").GetString()}";
}
