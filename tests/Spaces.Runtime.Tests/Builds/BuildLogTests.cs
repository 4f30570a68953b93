using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Tests.Builds;

public sealed class BuildLogTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "spaces-build-log-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly BuildLogStore _store;
    private readonly SpaceNotifications _notifications = new(TimeProvider.System);

    public BuildLogTests()
    {
        _store = new BuildLogStore(Options.Create(new SpacesOptions { DataDir = _dataDir }));
    }

    [Fact]
    public async Task Output_split_across_objects_becomes_whole_lines_published_and_stored_in_order()
    {
        var log = new BuildLog(_store, _notifications, 7, 42);
        await using (log)
        {
            log.Line("Building");
            log.Report(new BuildProgress { Stream = "Step 1/2 : FROM base\n ---> ab" });
            log.Report(new BuildProgress { Stream = "c123\r\nprogress 10%\rprogress 100%\n\n" });
            log.Report(new BuildProgress { Status = "Downloading", Id = "layer1", Progress = "[==>  ]" });
            log.Report(new BuildProgress { Stream = "unfinished" });
            log.Report(new BuildProgress { Error = "boom", ErrorDetail = new ErrorDetail { Message = "boom\n" } });
        }

        string[] expected =
        [
            "Building", "Step 1/2 : FROM base", " ---> abc123", "progress 10%", "progress 100%", "",
            "layer1: Downloading [==>  ]", "unfinished", "boom",
        ];
        Assert.Equal(expected, await _store.ReadAllAsync(7, 42));
        var backlog = _notifications.Backlog(7, LogKind.Build);
        Assert.Equal(expected, backlog.Select(l => l.Line));
        Assert.True(backlog[^1].IsError);
        Assert.False(backlog[^2].IsError);
    }

    [Fact]
    public async Task The_store_tails_lists_and_trims_logs_newest_first()
    {
        await _store.AppendAsync(3, 10, ["a", "b", "c"]);
        await _store.AppendAsync(3, 11, ["d"]);
        await _store.AppendAsync(3, 9, ["e"]);
        await _store.AppendAsync(4, 1, ["other space"]);

        Assert.Equal(["b", "c"], await _store.TailAsync(3, 10, 2));
        Assert.Equal([11, 10, 9], _store.ListBuilds(3));
        Assert.Equal(1, _store.Trim(3, keep: 2));
        Assert.Equal([11, 10], _store.ListBuilds(3));
        Assert.Empty(await _store.ReadAllAsync(3, 9));
        Assert.Equal([1], _store.ListBuilds(4));
        _store.DeleteAll(3);
        Assert.Empty(_store.ListBuilds(3));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
