using System.Diagnostics;
using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Containers;

[Collection(DockerCollection.Name)]
public sealed class LogsTests(DockerFixture docker)
{
    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }

    [Fact]
    public async Task Logs_carry_both_streams_in_order()
    {
        var id = await docker.RunBashAsync("echo out-1; echo err-1 >&2; printf 'no newline at end'; sleep 0.2; echo err-2 >&2");
        await docker.Client.Containers.WaitAsync(id);

        var lines = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters()));
        var frames = await ToListAsync(docker.Client.Containers.GetLogsAsync(id, new ContainerLogsParameters { Stdout = false }));

        Assert.Equal(["out-1", "no newline at end"], lines.Where(l => l.Stream == LogStreamKind.Stdout).Select(l => l.Text));
        Assert.Equal(["err-1", "err-2"], lines.Where(l => l.Stream == LogStreamKind.Stderr).Select(l => l.Text));
        Assert.All(frames, f => Assert.Equal(LogStreamKind.Stderr, f.Stream));
        Assert.Equal("err-1\nerr-2\n", string.Concat(frames.Select(f => f.Text)));
    }

    [Fact]
    public async Task Tail_and_timestamps_are_applied()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var id = await docker.RunBashAsync("for i in 1 2 3 4 5; do echo line-$i; done");
        await docker.Client.Containers.WaitAsync(id);

        var lines = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(
            id, new ContainerLogsParameters { Tail = 2, Timestamps = true, Since = before }));

        Assert.Equal(["line-4", "line-5"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2)));
    }

    [Fact]
    public async Task A_download_returns_exactly_the_lines_seq_printed()
    {
        var id = await docker.RunBashAsync("seq 100000");
        await docker.Client.Containers.WaitAsync(id);

        var lines = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters()));
        long newlines = 0;
        await foreach (var frame in docker.Client.Containers.GetLogsAsync(id, new ContainerLogsParameters { Tty = false }))
        {
            Assert.Equal(LogStreamKind.Stdout, frame.Stream);
            newlines += frame.Payload.Span.Count((byte)'\n');
        }

        Assert.Equal(Enumerable.Range(1, 100000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Stdout, l.Stream));
        Assert.Equal(100000, newlines);
    }

    [Fact]
    public async Task Cancelling_a_download_ends_it_promptly()
    {
        var id = await docker.RunBashAsync("seq 100000");
        await docker.Client.Containers.WaitAsync(id);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var count = 0;
        var stopwatch = new Stopwatch();

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var line in docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters(), cts.Token))
            {
                if (++count == 1000)
                {
                    stopwatch.Start();
                    await cts.CancelAsync();
                }
            }
        });
        stopwatch.Stop();

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(1000, count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"cancelling took {stopwatch.Elapsed}");
        var tail = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters { Tail = 1 }));
        Assert.Equal("100000", Assert.Single(tail).Text);
    }

    [Fact]
    public async Task A_download_from_a_missing_container_is_not_found_with_the_engines_message()
    {
        var error = await Record.ExceptionAsync(() => ToListAsync(docker.Client.Containers.GetLogLinesAsync(
            "spaces-test-no-such-container", new ContainerLogsParameters { Tty = false })));

        var notFound = Assert.IsType<DockerNotFoundException>(error);
        Assert.Contains("No such container", notFound.EngineMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tty_output_is_read_raw()
    {
        var id = await docker.RunBashAsync("echo to-stdout; echo to-stderr >&2", configure: p => p.Tty = true);
        await docker.Client.Containers.WaitAsync(id);

        var lines = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters()));

        Assert.Equal(["to-stdout", "to-stderr"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Tty, l.Stream));
    }

    [Fact]
    public async Task Following_streams_new_output_and_cancelling_ends_it_promptly()
    {
        var id = await docker.RunBashAsync("echo ready; while :; do sleep 0.2; echo tick; done");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        var stopwatch = new Stopwatch();

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var line in docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters { Follow = true }, cts.Token))
            {
                lines.Add(line.Text);
                if (lines.Count == 3)
                {
                    stopwatch.Start();
                    cts.Cancel();
                }
            }
        });
        stopwatch.Stop();

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(["ready", "tick", "tick"], lines);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"cancelling took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_a_silent_follow_ends_it_promptly()
    {
        var id = await docker.RunBashAsync("exec sleep 300");
        using var cts = new CancellationTokenSource();
        var follow = Task.Run(async () =>
        {
            await foreach (var frame in docker.Client.Containers.GetLogsAsync(id, new ContainerLogsParameters { Follow = true }, cts.Token))
            {
                Assert.Fail("no output expected, got " + frame.Text);
            }
        });
        await Task.Delay(500);
        Assert.False(follow.IsCompleted);

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var error = await Record.ExceptionAsync(() => follow.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"cancelling took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Following_ends_when_the_container_exits()
    {
        var id = await docker.RunBashAsync("sleep 0.5; echo done");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var lines = await ToListAsync(docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters { Follow = true }, timeout.Token));

        Assert.Equal(["done"], lines.Select(l => l.Text));
    }
}
