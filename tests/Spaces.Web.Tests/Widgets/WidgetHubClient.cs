using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.TestHost;
using Spaces.Web.Tests.Live;

namespace Spaces.Web.Tests.Widgets;

/// <summary>
/// A SignalR JSON-protocol client for the inference hub: invocations (1/3), and stream invocations (4) that also upload client
/// streams (<c>streamIds</c>; items as type 2 with the stream's id, the end as a completion 3), as the browser client does.
/// </summary>
internal sealed class WidgetHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly WebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _streams = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _receiving;
    private int _nextId;

    private WidgetHubClient(WebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public static async Task<WidgetHubClient> ConnectAsync(TestServer server, string path)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var socket = await server.CreateWebSocketClient().ConnectAsync(new Uri(new Uri("ws://localhost"), path), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true, timeout.Token);
        var handshake = await HubTestClient.ReceiveMessageAsync(socket, new StringBuilder(), timeout.Token)
            ?? throw new InvalidOperationException("The server closed the connection during the handshake.");
        using (var answer = JsonDocument.Parse(handshake))
        {
            if (answer.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"Handshake refused: {error.GetString()}");
            }
        }
        return new WidgetHubClient(socket);
    }

    /// <summary>Sends an invocation; the returned task completes with its result (or <see cref="HubErrorException"/>).</summary>
    public async Task<Task<JsonElement>> SendInvocationAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = completion;
        await SendAsync(new Dictionary<string, object?> { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
        return completion.Task.WaitAsync(Timeout);
    }

    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments) => await await SendInvocationAsync(target, arguments);

    /// <summary>Starts a stream invocation whose last parameter is a client stream; returns the server's items and the upload's id.</summary>
    public async Task<(ChannelReader<JsonElement> Items, string UploadId)> StreamWithUploadAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        var uploadId = "upload-" + NextId();
        var items = Channel.CreateUnbounded<JsonElement>();
        _streams[id] = items;
        await SendAsync(new Dictionary<string, object?>
        {
            ["type"] = 4, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments, ["streamIds"] = new[] { uploadId },
        });
        return (items.Reader, uploadId);
    }

    public Task SendStreamItemAsync(string uploadId, object item) =>
        SendAsync(new Dictionary<string, object?> { ["type"] = 2, ["invocationId"] = uploadId, ["item"] = item });

    public Task CompleteStreamAsync(string uploadId) => SendAsync(new Dictionary<string, object?> { ["type"] = 3, ["invocationId"] = uploadId });

    /// <summary>Every item of a server stream until it completes; throws <see cref="HubErrorException"/> when it ends with an error.</summary>
    public static async Task<List<JsonElement>> ReadAllAsync(ChannelReader<JsonElement> items)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var all = new List<JsonElement>();
        try
        {
            await foreach (var item in items.ReadAllAsync(timeout.Token))
            {
                all.Add(item);
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            throw closed.InnerException;
        }
        return all;
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

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task SendAsync(Dictionary<string, object?> message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _stop.Token);
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
                await DispatchAsync(document.RootElement.Clone());
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // Disposed, or the connection dropped.
        }
        finally
        {
            var closed = new InvalidOperationException("The hub connection closed.");
            foreach (var invocation in _invocations.Values)
            {
                invocation.TrySetException(closed);
            }
            foreach (var stream in _streams.Values)
            {
                stream.Writer.TryComplete(closed);
            }
        }
    }

    private async Task DispatchAsync(JsonElement message)
    {
        var type = message.GetProperty("type").GetInt32();
        var id = message.TryGetProperty("invocationId", out var idProperty) ? idProperty.GetString() : null;
        switch (type)
        {
            case 2 when id is not null && _streams.TryGetValue(id, out var stream):
                stream.Writer.TryWrite(message.GetProperty("item"));
                break;
            case 3 when id is not null && _invocations.TryRemove(id, out var invocation):
                if (message.TryGetProperty("error", out var error))
                {
                    invocation.TrySetException(new HubErrorException(error.GetString() ?? ""));
                }
                else
                {
                    invocation.TrySetResult(message.TryGetProperty("result", out var result) ? result : default);
                }
                break;
            case 3 when id is not null && _streams.TryRemove(id, out var finished):
                finished.Writer.TryComplete(message.TryGetProperty("error", out var streamError) ? new HubErrorException(streamError.GetString() ?? "") : null);
                break;
            case 6:
                await SendAsync(new Dictionary<string, object?> { ["type"] = 6 });
                break;
        }
    }
}
