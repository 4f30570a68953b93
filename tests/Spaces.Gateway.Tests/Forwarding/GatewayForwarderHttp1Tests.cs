using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>
/// The forwarder's own HTTP/1.1 client against upstreams that send exactly scripted bytes: framings Kestrel rarely or never sends
/// (chunk extensions, trailers, bodies until close, HTTP/1.0, interim responses), broken responses, and the connection pool's rules.
/// </summary>
public sealed class GatewayForwarderHttp1Tests : IDisposable
{
    private readonly HttpClient _client = ForwardingFixture.CreateClient();

    [Fact]
    public async Task A_chunked_body_with_extensions_and_trailers_is_decoded_and_its_connection_reused()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
            {
                await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
                await c.WriteAsync("5;name=value\r\nHello\r\n");
                await c.WriteAsync("7 ; x=\"y\"\r\n, World\r\n0\r\nX-Checksum: abc\r\n\r\n");
            }
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        for (var i = 0; i < 3; i++)
        {
            using var response = await _client.GetAsync(gateway.Url($"/chunked?id={i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Hello, World", await response.Content.ReadAsStringAsync());
            Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync(i.ToString(CultureInfo.InvariantCulture)));
        }

        Assert.Equal(1, upstream.Accepted);
        Assert.Equal(1, gateway.Forwarder.Pools.IdleCount);
    }

    [Fact]
    public void This_runtime_has_the_per_socket_inline_completions_switch() => Assert.True(InlineSocketCompletions.IsAvailable);

    // With inline completions an answer that arrives after the forwarder began waiting is read, and the response written, on the
    // socket engine's own thread (not a pool thread); turned off, the completion goes through the thread pool as every socket's does.
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task An_answer_that_arrives_later_is_continued_on_the_socket_engine_thread_unless_turned_off(bool inline, bool onThreadPool)
    {
        await using var upstream = new RawUpstream(async c =>
        {
            while (await c.ReadHeadAsync() is not null)
            {
                await Task.Delay(50);
                await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address, o => o.InlineUpstreamCompletions = inline);

        for (var i = 0; i < 3; i++)
        {
            var id = $"late{i}";
            Assert.Equal("ok", await _client.GetStringAsync(gateway.Url($"/?id={id}")));
            Assert.Equal(onThreadPool, await gateway.ContinuedOnThreadPoolAsync(id));
        }

        Assert.Equal(1, upstream.Accepted);
    }

    [Fact]
    public async Task A_response_arriving_a_byte_at_a_time_is_read_whole()
    {
        const string Response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext";
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            foreach (var b in Encoding.ASCII.GetBytes(Response[..Response.IndexOf("HTTP", 5, StringComparison.Ordinal)]))
            {
                await c.WriteAsync([b]);
                await Task.Delay(1);
            }

            await c.ReadHeadAsync();
            await c.WriteAsync(Response[Response.IndexOf("HTTP", 5, StringComparison.Ordinal)..]);
            await c.ReadHeadAsync();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        Assert.Equal("abc0123456789abcdef", await _client.GetStringAsync(gateway.Url("/?id=slow")));
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("slow"));
        Assert.Equal("next", await _client.GetStringAsync(gateway.Url("/")));
        Assert.Equal(1, upstream.Accepted);
    }

    [Fact]
    public async Task A_body_delimited_by_the_upstream_closing_is_read_to_its_end_and_the_connection_not_reused()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of ");
            await Task.Delay(50);
            await c.WriteAsync("it");
            c.Close();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        Assert.Equal("all of it", await _client.GetStringAsync(gateway.Url("/")));
        Assert.Equal("all of it", await _client.GetStringAsync(gateway.Url("/")));
        Assert.Equal(2, upstream.Accepted);
    }

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 2)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", 1)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 2)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", 2)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1)]
    public async Task A_connection_is_reused_only_when_the_response_allows_it(string response, int connections)
    {
        await using var upstream = RawUpstream.AnsweringEach(response);
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=1")));
        await gateway.OutcomeAsync("1");
        Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=2")));
        await gateway.OutcomeAsync("2");

        Assert.Equal(connections, upstream.Accepted);
    }

    [Fact]
    public async Task Interim_responses_are_skipped()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone");
            await c.ReadHeadAsync();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        using var response = await _client.PostAsync(gateway.Url("/"), new StringContent("x"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("done", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\n", 200)]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\n\r\n", 204)]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n", 304)]
    public async Task Responses_without_a_body_are_not_waited_for_and_keep_their_connection(string method, string response, int status)
    {
        await using var upstream = RawUpstream.AnsweringEach(response);
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), gateway.Url($"/?id={i}"));
            using var answer = await _client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(status, (int)answer.StatusCode);
            Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
            Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync(i.ToString(CultureInfo.InvariantCulture)));
        }

        Assert.Equal(1, upstream.Accepted);
    }

    public static TheoryData<string> MalformedHeads =>
    [
        "HTTP/1.1 2OO OK\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Header : x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 70_000) + "\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n",
        "",
    ];

    [Theory]
    [MemberData(nameof(MalformedHeads))]
    public async Task A_malformed_or_missing_response_head_gives_502(string response)
    {
        await using var upstream = RawUpstream.AnsweringOnceThenClosing(response);
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        using var answer = await _client.GetAsync(gateway.Url("/?id=bad"));

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Equal(ForwardOutcome.UpstreamUnreachable, await gateway.OutcomeAsync("bad"));
        Assert.Equal(0, gateway.Forwarder.Pools.IdleCount);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")]
    public async Task A_body_broken_after_the_head_aborts_the_client_connection(string response)
    {
        await using var upstream = RawUpstream.AnsweringOnceThenClosing(response);
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        // Headers already sent (a streamed body) or still held with the start of a short body: either way the client must not take
        // what it got for a whole answer, nor get an error page glued after part of the body.
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var answer = await _client.GetAsync(gateway.Url("/?id=broken"), HttpCompletionOption.ResponseHeadersRead);
            await answer.Content.ReadAsByteArrayAsync();
        });

        Assert.IsAssignableFrom<HttpRequestException>(failure);

        Assert.Equal(ForwardOutcome.UpstreamFailed, await gateway.OutcomeAsync("broken"));
    }

    [Fact]
    public async Task A_pooled_connection_the_upstream_closed_while_idle_is_replaced_without_the_client_noticing()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            var head = await c.ReadHeadAsync();
            var length = head!.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal)) is { } line
                ? int.Parse(line["Content-Length: ".Length..], CultureInfo.InvariantCulture)
                : 0;
            var body = await c.ReadBytesAsync(length);
            await c.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length + 2}\r\n\r\nok");
            await c.WriteAsync(body);
            // No "Connection: close": the gateway pools the connection, then finds it closed.
            c.Close();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=first")));
        await gateway.OutcomeAsync("first");
        await Task.Delay(100);

        Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=get")));
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("get"));
        await Task.Delay(100);
        using var post = await _client.PostAsync(gateway.Url("/?id=post"), new StringContent("payload"));
        Assert.Equal("okpayload", await post.Content.ReadAsStringAsync());
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("post"));
        Assert.Equal(3, upstream.Accepted);
    }

    [Fact]
    public async Task An_upstream_answering_before_reading_the_upload_is_forwarded_and_its_connection_dropped()
    {
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\n\r\nbig!");
            await c.WaitForCloseAsync();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        // The client announces 16 MB and sends 64 KiB of it: the upload is still going when the answer arrives. (A raw socket: an
        // HTTP client that is still sending when the server ends the exchange reports the broken pipe instead of the answer.)
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, gateway.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("POST /?id=early HTTP/1.1\r\nHost: gateway\r\nContent-Length: 16777216\r\n\r\n"), SocketFlags.None);
        await socket.SendAsync(new byte[64 * 1024], SocketFlags.None);
        var answer = await ReadUntilAsync(socket, "big!");

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.Equal(ForwardOutcome.Success, await gateway.OutcomeAsync("early"));
        Assert.Equal(0, gateway.Forwarder.Pools.IdleCount);
    }

    [Fact]
    public async Task Idle_connections_are_closed_after_the_idle_timeout_and_not_kept_at_all_with_zero()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            if (await c.WaitForCloseAsync())
            {
                closed.TrySetResult();
            }
        });
        await using (var gateway = await TestGateway.StartAsync(upstream.Address, o => o.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1)))
        {
            Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=pooled")));
            await gateway.OutcomeAsync("pooled");
            Assert.Equal(1, gateway.Forwarder.Pools.IdleCount);

            // The pool's timer runs every second: the connection goes within about two.
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, gateway.Forwarder.Pools.IdleCount);
        }

        await using (var gateway = await TestGateway.StartAsync(upstream.Address, o => o.PooledConnectionIdleTimeout = TimeSpan.Zero))
        {
            Assert.Equal("ok", await _client.GetStringAsync(gateway.Url("/?id=unpooled")));
            await gateway.OutcomeAsync("unpooled");
            Assert.Equal(0, gateway.Forwarder.Pools.IdleCount);
        }
    }

    [Fact]
    public async Task Header_bytes_beyond_ASCII_reach_the_client_as_the_app_sent_them()
    {
        var disposition = "Content-Disposition: attachment; filename=\"caf\u00c3\u00a9.txt\"";
        await using var upstream = new RawUpstream(async c =>
        {
            await c.ReadHeadAsync();
            await c.WriteAsync($"HTTP/1.1 200 OK\r\n{disposition}\r\nContent-Length: 2\r\n\r\nok");
            await c.ReadHeadAsync();
        });
        await using var gateway = await TestGateway.StartAsync(upstream.Address);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, gateway.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /file HTTP/1.1\r\nHost: gateway\r\n\r\n"), SocketFlags.None);
        var received = await ReadUntilAsync(socket, "\r\n\r\nok");

        // Latin-1 text of the bytes: the UTF-8 "é" (C3 A9) went through unchanged.
        Assert.Contains(disposition, received, StringComparison.Ordinal);
    }

    /// <summary>What the gateway sends on <paramref name="socket"/> until it ends with <paramref name="end"/>, as Latin-1 text.</summary>
    private static async Task<string> ReadUntilAsync(Socket socket, string end)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.Latin1.GetString([.. received]).EndsWith(end, StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        return Encoding.Latin1.GetString([.. received]);
    }

    public void Dispose() => _client.Dispose();
}
