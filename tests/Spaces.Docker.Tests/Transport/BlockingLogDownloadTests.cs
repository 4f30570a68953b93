using System.Diagnostics;
using System.Text;
using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;
using Spaces.Docker.Tests.Streams;

namespace Spaces.Docker.Tests.Transport;

/// <summary>The one-off log download path (blocking socket, HTTP/1.0) against a fake engine, over TCP and a unix socket.</summary>
public sealed class BlockingLogDownloadTests
{
    private static readonly byte[] Body = MultiplexedStreamReaderTests.Encode(
    [
        (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("hel")),
        (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("err ✓ one\nerr t")),
        (LogStreamKind.Stdout, Encoding.UTF8.GetBytes("lo\nworld\nlast")),
        (LogStreamKind.Stderr, Encoding.UTF8.GetBytes("wo\n")),
    ]);

    private static readonly ContainerLogsParameters Download = new() { Tty = false };

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Answers <c>GET /version</c> (for negotiation) and sends <paramref name="logs"/> for the logs request.</summary>
    private static Func<string, IReadOnlyList<byte[]>> Engine(params byte[][] logs) => request =>
        request.StartsWith("GET /version", StringComparison.Ordinal) ? [FakeEngine.Json("200 OK", """{"ApiVersion":"1.41"}""")] : logs;

    private static void AssertTheBodysLines(List<LogLine> lines)
    {
        Assert.Equal(["hello", "world", "last"], lines.Where(l => l.Stream == LogStreamKind.Stdout).Select(l => l.Text));
        Assert.Equal(["err ✓ one", "err two"], lines.Where(l => l.Stream == LogStreamKind.Stderr).Select(l => l.Text));
    }

    [Fact]
    public async Task A_chunked_answer_split_at_every_position_is_decoded_over_tcp_with_the_negotiated_version()
    {
        for (var split = 1; split < Body.Length; split++)
        {
            var chunked = FakeEngine.Chunked(Body[..split], Body[split..]);
            var cut = Math.Min(split + 3, chunked.Length - 1);
            await using var engine = FakeEngine.OnTcp(Engine(FakeEngine.Head("200 OK", "Transfer-Encoding: chunked"), chunked[..cut], chunked[cut..]));
            using var client = new DockerClient(new DockerClientOptions { Host = engine.Host });

            AssertTheBodysLines(await ToListAsync(client.Containers.GetLogLinesAsync("c1", Download)));

            Assert.Equal("GET /v1.41/containers/c1/logs?stdout=1&stderr=1 HTTP/1.0", engine.Requests.Last());
        }
    }

    [Fact]
    public async Task A_body_closed_by_the_engine_is_read_to_its_end_over_a_unix_socket_split_at_every_position()
    {
        for (var split = 1; split < Body.Length; split++)
        {
            await using var engine = FakeEngine.OnUnixSocket(Engine([.. FakeEngine.Head("200 OK"), .. Body[..split]], Body[split..]));
            using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });

            var lines = await ToListAsync(client.Containers.GetLogLinesAsync("c1", Download));
            var frames = await ToListAsync(client.Containers.GetLogsAsync("c1", Download));

            AssertTheBodysLines(lines);
            Assert.Equal("hello\nworld\nlast", string.Concat(frames.Where(f => f.Stream == LogStreamKind.Stdout).Select(f => f.Text)));
        }
    }

    [Fact]
    public async Task Tty_output_is_read_raw_with_timestamps_and_a_content_length()
    {
        var raw = "2024-05-06T07:08:09.000000001Z one\r\n2024-05-06T07:08:10Z two\r\n"u8.ToArray();
        await using var engine = FakeEngine.OnTcp(Engine([.. FakeEngine.Head("200 OK", $"Content-Length: {raw.Length}"), .. raw]), holdOpen: true);
        using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });

        var lines = await ToListAsync(client.Containers.GetLogLinesAsync(
            "c1", new ContainerLogsParameters { Tty = true, Timestamps = true, Tail = 2, Stderr = false }));

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Tty, l.Stream));
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 10, TimeSpan.Zero), lines[1].Timestamp);
        Assert.Equal("GET /v1.41/containers/c1/logs?stdout=1&timestamps=1&tail=2 HTTP/1.0", Assert.Single(engine.Requests));
    }

    [Theory]
    [InlineData("404 Not Found", typeof(DockerNotFoundException))]
    [InlineData("400 Bad Request", typeof(DockerBadRequestException))]
    [InlineData("500 Internal Server Error", typeof(DockerServerException))]
    public async Task Error_answers_become_typed_exceptions_with_the_engines_message(string status, Type expected)
    {
        await using var engine = FakeEngine.OnUnixSocket(Engine(FakeEngine.Json(status, """{"message":"No such container: c1"}""")));
        using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });

        var error = await Record.ExceptionAsync(() => ToListAsync(client.Containers.GetLogsAsync("c1", Download)));

        Assert.IsType(expected, error);
        Assert.Equal("No such container: c1", ((DockerException)error).EngineMessage);
    }

    [Fact]
    public async Task A_body_ending_inside_a_frame_is_an_error()
    {
        await using var engine = FakeEngine.OnTcp(Engine([.. FakeEngine.Head("200 OK"), .. Body[..^2]]));
        using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });

        var error = await Record.ExceptionAsync(() => ToListAsync(client.Containers.GetLogLinesAsync("c1", Download)));

        Assert.IsType<DockerStreamException>(error);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = "tcp://127.0.0.1:1", ApiVersion = "1.41" });

        var error = await Record.ExceptionAsync(() => ToListAsync(client.Containers.GetLogLinesAsync("c1", Download)));

        var unreachable = Assert.IsType<DockerUnreachableException>(error);
        Assert.Contains("refused", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_download_waiting_on_a_silent_engine_ends_it_promptly()
    {
        var first = MultiplexedStreamReaderTests.Encode([(LogStreamKind.Stdout, "first\n"u8.ToArray())]);
        await using var engine = FakeEngine.OnUnixSocket(Engine([.. FakeEngine.Head("200 OK"), .. first]), holdOpen: true);
        using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        var stopwatch = new Stopwatch();

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var line in client.Containers.GetLogLinesAsync("c1", Download, cts.Token))
            {
                lines.Add(line.Text);
                _ = Task.Delay(200).ContinueWith(_ => stopwatch.Start(), TaskScheduler.Default)
                    .ContinueWith(_ => cts.Cancel(), TaskScheduler.Default);
            }
        });
        stopwatch.Stop();

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(["first"], lines);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"cancelling took {stopwatch.Elapsed}");
        await engine.ClientClosed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Leaving_a_download_early_closes_its_connection()
    {
        var first = MultiplexedStreamReaderTests.Encode([(LogStreamKind.Stdout, "first\n"u8.ToArray())]);
        await using var engine = FakeEngine.OnTcp(Engine([.. FakeEngine.Head("200 OK"), .. first]), holdOpen: true);
        using var client = new DockerClient(new DockerClientOptions { Host = engine.Host, ApiVersion = "1.41" });

        await foreach (var line in client.Containers.GetLogLinesAsync("c1", Download))
        {
            Assert.Equal("first", line.Text);
            break;
        }

        await engine.ClientClosed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
