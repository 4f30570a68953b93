using System.Text;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Streams;

public sealed class LogReaderTests
{
    private static async Task<List<LogLine>> LinesAsync(Stream body, bool tty = false, bool timestamps = false)
    {
        var lines = new List<LogLine>();
        await foreach (var line in LogReader.ReadLinesAsync(body, tty, timestamps, CancellationToken.None))
        {
            lines.Add(line);
        }
        return lines;
    }

    [Fact]
    public async Task Lines_spanning_frames_are_joined_per_stream_at_every_split()
    {
        var data = MultiplexedStreamReaderTests.Encode(
        [
            (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("hel")),
            (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("err ✓ one\r\nerr t")),
            (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("lo\nworld\n\nlast")),
            (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("wo\n")),
        ]);
        for (var split = 1; split < data.Length; split++)
        {
            var lines = await LinesAsync(new ChunkedStream(data, split, 1, int.MaxValue));

            Assert.Equal(["hello", "world", "", "last"], lines.Where(l => l.Stream == LogStreamKind.Stdout).Select(l => l.Text));
            Assert.Equal(["err ✓ one", "err two"], lines.Where(l => l.Stream == LogStreamKind.Stderr).Select(l => l.Text));
        }
    }

    [Fact]
    public async Task Tty_output_is_read_raw()
    {
        var data = Encoding.UTF8.GetBytes("one\r\ntwo\r\nthree");

        var lines = await LinesAsync(new ChunkedStream(data, 2), tty: true);

        Assert.Equal(["one", "two", "three"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Tty, l.Stream));
    }

    [Fact]
    public async Task Timestamps_are_parsed_off_each_line()
    {
        var data = MultiplexedStreamReaderTests.Encode(
            [(LogStreamKind.Stdout, Encoding.UTF8.GetBytes("2024-05-06T07:08:09.123456789Z hello world\n"))]);

        var line = Assert.Single(await LinesAsync(new MemoryStream(data), timestamps: true));

        Assert.Equal("hello world", line.Text);
        var expected = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567);
        Assert.InRange((line.Timestamp!.Value - expected).Duration().Ticks, 0, 1);
    }

    [Fact]
    public async Task Frames_are_copied_so_they_stay_valid()
    {
        var data = MultiplexedStreamReaderTests.Encode(
            [(LogStreamKind.Stdout, Encoding.UTF8.GetBytes("a\n")), (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("b\n"))]);
        var frames = new List<LogFrame>();
        await foreach (var frame in LogReader.ReadFramesAsync(new ChunkedStream(data, 3), tty: false, CancellationToken.None))
        {
            frames.Add(frame);
        }

        Assert.Equal(["a\n", "b\n"], frames.Select(f => f.Text));
        Assert.Equal([LogStreamKind.Stdout, LogStreamKind.Stderr], frames.Select(f => f.Stream));
    }
}
