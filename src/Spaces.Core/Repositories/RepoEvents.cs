using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Spaces.Core.Repositories;

/// <summary>What happened to a repository.</summary>
public enum RepoChangeKind
{
    /// <summary>Created (with its first commit).</summary>
    Created,

    /// <summary>New commit on main, through the API, the UI or a git push.</summary>
    Committed,

    /// <summary>Renamed or moved to another owner.</summary>
    Moved,

    /// <summary>Visibility or settings changed.</summary>
    SettingsChanged,

    /// <summary>Deleted.</summary>
    Deleted,
}

/// <summary>A repository change ("space changed" for Spaces), consumed by the builder and by live pages.</summary>
public sealed record RepoChange(long RepoId, RepoType Type, string FullName, RepoChangeKind Kind, string? Commit, DateTime At);

/// <summary>
/// Publishes repository changes to every watcher (each has its own bounded channel, so a slow watcher never blocks a commit;
/// when a watcher falls 1,000 changes behind, its oldest are dropped).
/// </summary>
public sealed class RepoEvents
{
    private readonly ConcurrentDictionary<Channel<RepoChange>, byte> _watchers = new();

    /// <summary>Sends a change to every current watcher.</summary>
    public void Publish(RepoChange change)
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Writer.TryWrite(change);
        }
    }

    /// <summary>Changes published from now on, until <paramref name="cancellationToken"/> ends the watch.</summary>
    public async IAsyncEnumerable<RepoChange> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<RepoChange>(new BoundedChannelOptions(1000)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _watchers.TryAdd(channel, 0);
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            _watchers.TryRemove(channel, out _);
        }
    }
}
