using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Tests.Notifications;

public sealed class SpaceNotificationsTests
{
    [Fact]
    public async Task A_filtered_watcher_gets_only_what_it_accepts_and_a_flood_of_the_rest_drops_nothing()
    {
        var notifications = new SpaceNotifications(TimeProvider.System);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stages = notifications.WatchAsync(null, n => n is StageChanged && n.SpaceId == 7, stop.Token).GetAsyncEnumerator(stop.Token);
        var first = stages.MoveNextAsync().AsTask();

        // More log lines than a watcher's queue holds, of the watched Space and of another, around two stage changes.
        for (var i = 0; i < SpaceNotifications.WatcherCapacity + 10; i++)
        {
            notifications.PublishLog(7, LogKind.Build, $"line {i}");
            notifications.PublishLog(8, LogKind.Run, $"line {i}");
        }

        notifications.Publish(new StageChanged(8, DateTime.UtcNow, SpaceStage.Running, "other Space", null, null));
        notifications.Publish(new StageChanged(7, DateTime.UtcNow, SpaceStage.Building, "pushed", null, null));
        notifications.Publish(new StageChanged(7, DateTime.UtcNow, SpaceStage.Running, "healthy", null, null));

        Assert.True(await first);
        Assert.Equal(SpaceStage.Building, Assert.IsType<StageChanged>(stages.Current).Stage);
        Assert.True(await stages.MoveNextAsync());
        Assert.Equal(SpaceStage.Running, Assert.IsType<StageChanged>(stages.Current).Stage);
        Assert.Equal(0, notifications.Dropped);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stages.MoveNextAsync());
        await stages.DisposeAsync();
    }
}
