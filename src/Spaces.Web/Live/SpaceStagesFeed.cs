using System.Runtime.CompilerServices;
using Spaces.Core.Repositories;
using Spaces.Runtime.Notifications;

namespace Spaces.Web.Live;

/// <summary>
/// The stages of many Spaces for one viewer: the current stage of each, then each change as it happens — one watcher on the
/// notification service for all of them (registered before the current stages are read, so no change is missed), and a change is
/// passed on only when it differs from what the viewer last got for that Space.
/// </summary>
internal sealed class SpaceStagesFeed(SpaceNotifications notifications, SpaceStateReader states)
{
    /// <summary>The current stage of each of <paramref name="spaces"/>, then their stage changes, until cancelled.</summary>
    public async IAsyncEnumerable<StageChanged> WatchAsync(
        IReadOnlyCollection<Repo> spaces, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (spaces.Count == 0)
        {
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var asked = spaces.Select(space => space.Id).ToHashSet();
        // Only stage changes of the asked Spaces are queued: log lines and metrics of every Space never reach this watcher.
        var live = notifications.WatchAsync(spaceId: null, n => n is StageChanged && asked.Contains(n.SpaceId), stop.Token)
            .GetAsyncEnumerator(stop.Token);
        // The first MoveNext registers the watcher synchronously; it stays pending while the current stages are sent.
        var next = live.MoveNextAsync().AsTask();
        try
        {
            var last = new Dictionary<long, StageChanged>();
            foreach (var space in spaces)
            {
                var state = await states.ReadAsync(space, cancellationToken);
                var current = new StageChanged(space.Id, state.Since, state.Stage, state.Reason, state.ErrorMessage, null);
                last[space.Id] = current;
                yield return current;
            }

            while (await next)
            {
                var item = live.Current;
                next = live.MoveNextAsync().AsTask();
                // Only real changes: the current stage read above may already include this one.
                if (item is StageChanged stage && last.TryGetValue(stage.SpaceId, out var previous)
                    && (stage.Stage != previous.Stage || stage.ErrorMessage != previous.ErrorMessage))
                {
                    last[stage.SpaceId] = stage;
                    yield return stage;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
                // The watcher ended because we stopped it.
            }

            await live.DisposeAsync();
        }
    }
}
