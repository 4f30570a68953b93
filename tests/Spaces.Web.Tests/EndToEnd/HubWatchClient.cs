using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Spaces.Web.Tests.Live;

namespace Spaces.Web.Tests.EndToEnd;

/// <summary>
/// One <c>Watch</c> stream of <c>/hubs/spaces</c> over a real WebSocket (the JSON hub protocol, no negotiation), as a browser on another
/// machine would open it; <see cref="Live.HubTestClient"/> only connects through a TestServer. Every stream item is kept in arrival
/// order with the time it arrived; pings are answered so the server keeps the connection.
/// </summary>
internal sealed class HubWatchClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private const string StreamId = "1";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<HubItem> _items = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task _receiving = Task.CompletedTask;

    private HubWatchClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>The items received so far, oldest first.</summary>
    public IReadOnlyList<HubItem> Items => [.. _items];

    /// <summary>Why the stream or the connection ended with an error, when it did.</summary>
    public string? Error { get; private set; }

    /// <summary>Connects to <c>ws://{server}/hubs/spaces?access_token=</c>, completes the handshake and starts <c>Watch(spaceId, backlog)</c>.</summary>
    public static async Task<HubWatchClient> WatchAsync(Uri server, string token, string spaceId, int backlog)
    {
        var socket = new ClientWebSocket();
        var client = new HubWatchClient(socket);
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            var uri = new UriBuilder(server) { Scheme = "ws", Path = "/hubs/spaces", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
            await socket.ConnectAsync(uri, timeout.Token);
            await client.SendAsync("{\"protocol\":\"json\",\"version\":1}", timeout.Token);
            var handshake = await HubTestClient.ReceiveMessageAsync(socket, new StringBuilder(), timeout.Token)
                ?? throw new InvalidOperationException("The hub closed the connection during the handshake.");
            using (var answer = JsonDocument.Parse(handshake))
            {
                if (answer.RootElement.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"The hub refused the handshake: {error.GetString()}");
                }
            }

            var invocation = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["type"] = 4,
                ["invocationId"] = StreamId,
                ["target"] = "Watch",
                ["arguments"] = new object[] { spaceId, backlog },
            });
            await client.SendAsync(invocation, timeout.Token);
            client._receiving = Task.Run(client.ReceiveLoopAsync);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until an item matching <paramref name="match"/> arrived and returns it; fails naming <paramref name="what"/> otherwise.</summary>
    public async Task<HubItem> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_items.FirstOrDefault(i => match(i.Json)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline || _receiving.IsCompleted)
            {
                throw new TimeoutException($"The hub watcher never received {what} (error: {Error ?? "none"}). Items: " +
                    string.Join(" | ", _items.Select(i => i.Json.GetRawText())));
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
            {
                // The server went first.
            }
        }

        await _stop.CancelAsync();
        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or WebSocketException)
        {
            // Closing anyway.
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message + RecordSeparator);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var pending = new StringBuilder();
        try
        {
            while (await HubTestClient.ReceiveMessageAsync(_socket, pending, _stop.Token) is { } text)
            {
                using var document = JsonDocument.Parse(text);
                var message = document.RootElement;
                switch (message.GetProperty("type").GetInt32())
                {
                    case 2 when message.GetProperty("invocationId").GetString() == StreamId:
                        _items.Enqueue(new HubItem(message.GetProperty("item").Clone(), _clock.Elapsed));
                        break;
                    case 3:
                        Error = message.TryGetProperty("error", out var error) ? error.GetString() : "the stream completed";
                        return;
                    case 6:
                        await SendAsync("{\"type\":6}", _stop.Token);
                        break;
                    case 7:
                        Error = message.TryGetProperty("error", out var closeError) ? closeError.GetString() : "the server closed the connection";
                        return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // Disposed, or the connection dropped.
        }
    }
}

/// <summary>A stream item and when it arrived (time since the client was created).</summary>
public sealed record HubItem(JsonElement Json, TimeSpan ArrivedAfter)
{
    public string? Type => Json.GetProperty("type").GetString();

    /// <summary>The stage of a <c>stage</c> item, else null.</summary>
    public string? Stage => Type == "stage" ? Json.GetProperty("stage").GetString() : null;

    /// <summary>The line of a build <c>log</c> item, else null.</summary>
    public string? BuildLine => Type == "log" && Json.GetProperty("kind").GetString() == "build" ? Json.GetProperty("line").GetString() : null;
}
