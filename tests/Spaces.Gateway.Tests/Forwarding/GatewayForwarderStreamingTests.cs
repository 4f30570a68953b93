using System.Net.WebSockets;
using System.Text;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>Streams through the forwarder: server-sent events as written, WebSockets, and a client that leaves.</summary>
public sealed class GatewayForwarderStreamingTests(ForwardingFixture fixture) : IClassFixture<ForwardingFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_server_sent_event_reaches_the_client_before_the_response_ends()
    {
        using var response = await _client.GetAsync(fixture.Gateway.Url("/sse?id=sse"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        // The upstream holds the second event until this read succeeded, so a buffering forwarder times out here.
        var first = await ReadUntilAsync(stream, "data: one\n\n", TimeSpan.FromSeconds(5));
        fixture.Upstream.Signals["sse-received:sse"].SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: one\n\n", first);
        Assert.Equal("data: two\n\n", rest);
        Assert.Equal(ForwardOutcome.Success, await fixture.Gateway.OutcomeAsync("sse"));
    }

    [Fact]
    public async Task A_WebSocket_echoes_through_the_gateway()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("echo.v1");
        var wsUri = new UriBuilder(fixture.Gateway.Url("/ws?id=ws")) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(wsUri, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var text = await ReceiveMessageAsync(socket, timeout.Token);
        var big = new byte[200_000];
        new Random(3).NextBytes(big);
        await socket.SendAsync(big, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        var echoedBig = await ReceiveMessageAsync(socket, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal("echo.v1", socket.SubProtocol);
        Assert.Equal("hello", Encoding.UTF8.GetString(text));
        Assert.Equal(big, echoedBig);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal(ForwardOutcome.Success, await fixture.Gateway.OutcomeAsync("ws"));
    }

    [Fact]
    public async Task A_client_leaving_before_the_headers_cancels_the_upstream_request()
    {
        using var leave = new CancellationTokenSource();
        var call = _client.GetAsync(fixture.Gateway.Url("/slow?id=leave-early"), leave.Token);
        await fixture.Upstream.Signals.WaitAsync("arrived:leave-early");

        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await fixture.Upstream.Signals.WaitAsync("aborted:leave-early");
        Assert.Equal(ForwardOutcome.ClientDisconnected, await fixture.Gateway.OutcomeAsync("leave-early"));
    }

    [Fact]
    public async Task A_client_leaving_a_streamed_response_cancels_the_upstream_request()
    {
        using var client = ForwardingFixture.CreateClient();
        var response = await client.GetAsync(fixture.Gateway.Url("/slow-body?id=leave-late"), HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("first chunk\n", await ReadUntilAsync(stream, "first chunk\n", TimeSpan.FromSeconds(5)));

        // Dropping the client closes its connection mid-body.
        response.Dispose();
        client.Dispose();

        await fixture.Upstream.Signals.WaitAsync("aborted:leave-late");
        Assert.Equal(ForwardOutcome.ClientDisconnected, await fixture.Gateway.OutcomeAsync("leave-late"));
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string expected, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (received.Length < expected.Length)
        {
            var read = await stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    private static async Task<byte[]> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return message.ToArray();
    }
}
