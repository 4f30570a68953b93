using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Spaces.Web.Tests.Live;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a WebSocket (the .NET SignalR client is not served here):
/// handshake, invocations (type 1) and their completions (3), stream invocations (4) with stream items (2) and cancel (5),
/// pings (6) answered, close (7). Messages end with the record separator 0x1E.
/// </summary>
internal sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly ConcurrentDictionary<string, HubStream> _streams = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _receiving;
    private int _nextId;

    private HubTestClient(WebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Why the server closed the connection, when it did.</summary>
    public string? CloseError { get; private set; }

    /// <summary>Connects to <paramref name="path"/> (e.g. <c>/hubs/spaces?access_token=...</c>) and completes the handshake.</summary>
    public static async Task<HubTestClient> ConnectAsync(TestServer server, string path, Action<HttpRequest>? configure = null)
    {
        var client = server.CreateWebSocketClient();
        if (configure is not null)
        {
            client.ConfigureRequest = configure;
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var socket = await client.ConnectAsync(new Uri(new Uri("ws://localhost"), path), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true, timeout.Token);
        var handshake = await ReceiveMessageAsync(socket, new StringBuilder(), timeout.Token)
            ?? throw new InvalidOperationException("The server closed the connection during the handshake.");
        using (var answer = JsonDocument.Parse(handshake))
        {
            if (answer.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"Handshake refused: {error.GetString()}");
            }
        }

        return new HubTestClient(socket);
    }

    /// <summary>Invokes a hub method and returns its result; a hub error throws <see cref="HubErrorException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = completion;
        await SendAsync(new Dictionary<string, object?> { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
        return await completion.Task.WaitAsync(Timeout);
    }

    /// <summary>Starts a streaming invocation.</summary>
    public async Task<HubStream> StreamAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        var stream = new HubStream(this, id);
        _streams[id] = stream;
        await SendAsync(new Dictionary<string, object?> { ["type"] = 4, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
        return stream;
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

    internal Task CancelStreamAsync(string id) => SendAsync(new Dictionary<string, object?> { ["type"] = 5, ["invocationId"] = id });

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
            while (await ReceiveMessageAsync(_socket, pending, _stop.Token) is { } text)
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
            var closed = new InvalidOperationException($"The hub connection closed. {CloseError}");
            foreach (var invocation in _invocations.Values)
            {
                invocation.TrySetException(closed);
            }

            foreach (var stream in _streams.Values)
            {
                stream.Complete(closed);
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
                stream.Add(message.GetProperty("item"));
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
                finished.Complete(message.TryGetProperty("error", out var streamError) ? new HubErrorException(streamError.GetString() ?? "") : null);
                break;
            case 6:
                await SendAsync(new Dictionary<string, object?> { ["type"] = 6 });
                break;
            case 7:
                CloseError = message.TryGetProperty("error", out var closeError) ? closeError.GetString() : null;
                break;
        }
    }

    /// <summary>One protocol message: text up to the next record separator, read across frames; null when the socket closes.</summary>
    internal static async Task<string?> ReceiveMessageAsync(WebSocket socket, StringBuilder pending, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while (true)
            {
                var text = pending.ToString();
                var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
                if (end >= 0)
                {
                    pending.Remove(0, end + 1);
                    return text[..end];
                }

                var received = await socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The items of one streaming invocation.</summary>
internal sealed class HubStream(HubTestClient client, string id)
{
    private readonly Channel<JsonElement> _items = Channel.CreateUnbounded<JsonElement>();

    /// <summary>The next item; throws <see cref="HubErrorException"/> when the stream ended with an error, or on timeout.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _items.Reader.ReadAsync(cancel.Token);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            throw closed.InnerException;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No stream item within {timeout ?? TimeSpan.FromSeconds(10)}.");
        }
    }

    /// <summary>The next item whose <c>type</c> is <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonElement> NextOfTypeAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            var item = await NextAsync(timeout);
            if (item.GetProperty("type").GetString() == type)
            {
                return item;
            }
        }
    }

    /// <summary>Asks the server to end the stream.</summary>
    public Task CancelAsync() => client.CancelStreamAsync(id);

    internal void Add(JsonElement item) => _items.Writer.TryWrite(item);

    internal void Complete(Exception? error) => _items.Writer.TryComplete(error);
}

/// <summary>A hub invocation or stream ended with an error message.</summary>
internal sealed class HubErrorException(string message) : Exception(message);
