using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Spaces.Web.Tests.Live;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a WebSocket (the .NET SignalR client is not served here):
/// handshake, invocations (type 1) and their completions (3), stream invocations (4) with stream items (2) and cancel (5),
/// client-to-server streams (<c>streamIds</c>; items as type 2 with the upload's id, the end as a completion 3, as the browser
/// client sends them), pings (6) answered, close (7). Messages end with the record separator 0x1E. Connects through a
/// <see cref="TestServer"/> or, as a browser on another machine would, over a real socket to a listening host.
/// </summary>
internal sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _invocations = new();
    private readonly ConcurrentDictionary<string, HubStream> _streams = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _receiving;
    private int _nextId;

    private HubTestClient(WebSocket socket, TimeSpan timeout)
    {
        _socket = socket;
        Timeout = timeout;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>How long an invocation, a stream item or a whole stream is awaited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Why the server closed the connection, when it did.</summary>
    public string? CloseError { get; private set; }

    /// <summary>Time since the connection was established.</summary>
    internal TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Connects through <paramref name="server"/> to <paramref name="path"/> (e.g. <c>/hubs/spaces?access_token=...</c>) and completes
    /// the handshake; <paramref name="timeout"/> (10 s by default) bounds the connection, each invocation and stream reads.
    /// </summary>
    public static async Task<HubTestClient> ConnectAsync(TestServer server, string path, Action<HttpRequest>? configure = null, TimeSpan? timeout = null)
    {
        var client = server.CreateWebSocketClient();
        if (configure is not null)
        {
            client.ConfigureRequest = configure;
        }

        var wait = timeout ?? DefaultTimeout;
        using var cancel = new CancellationTokenSource(wait);
        var socket = await client.ConnectAsync(new Uri(new Uri("ws://localhost"), path), cancel.Token);
        return await HandshakeAsync(socket, wait, cancel.Token);
    }

    /// <summary>Connects over a real WebSocket to <paramref name="path"/> on the host listening at <paramref name="server"/> (http).</summary>
    public static async Task<HubTestClient> ConnectAsync(Uri server, string path, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        using var cancel = new CancellationTokenSource(wait);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri(new UriBuilder(server) { Scheme = "ws" }.Uri, path), cancel.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await HandshakeAsync(socket, wait, cancel.Token);
    }

    /// <summary>Invokes a hub method and returns its result; a hub error throws <see cref="HubErrorException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments) => await await SendInvocationAsync(target, arguments);

    /// <summary>Sends an invocation; the returned task completes with its result (or <see cref="HubErrorException"/>).</summary>
    public async Task<Task<JsonElement>> SendInvocationAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[id] = completion;
        await SendAsync(new Dictionary<string, object?> { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
        return completion.Task.WaitAsync(Timeout);
    }

    /// <summary>Starts a streaming invocation.</summary>
    public async Task<HubStream> StreamAsync(string target, params object?[] arguments)
    {
        var (stream, message) = NewStream(target, arguments);
        await SendAsync(message);
        return stream;
    }

    /// <summary>Starts a stream invocation whose last parameter is a client stream; returns the server's items and the upload's id.</summary>
    public async Task<(HubStream Items, string UploadId)> StreamWithUploadAsync(string target, params object?[] arguments)
    {
        var (stream, message) = NewStream(target, arguments);
        var uploadId = "upload-" + NextId();
        message["streamIds"] = new[] { uploadId };
        await SendAsync(message);
        return (stream, uploadId);
    }

    /// <summary>Sends one item of the client stream <paramref name="uploadId"/>.</summary>
    public Task SendStreamItemAsync(string uploadId, object item) =>
        SendAsync(new Dictionary<string, object?> { ["type"] = 2, ["invocationId"] = uploadId, ["item"] = item });

    /// <summary>Ends the client stream <paramref name="uploadId"/>.</summary>
    public Task CompleteStreamAsync(string uploadId) => SendAsync(new Dictionary<string, object?> { ["type"] = 3, ["invocationId"] = uploadId });

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

    /// <summary>Sends the handshake on a freshly connected socket and checks the answer; the socket is disposed when that fails.</summary>
    private static async Task<HubTestClient> HandshakeAsync(WebSocket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);
            var handshake = await ReceiveMessageAsync(socket, new StringBuilder(), cancellationToken)
                ?? throw new InvalidOperationException("The server closed the connection during the handshake.");
            using var answer = JsonDocument.Parse(handshake);
            if (answer.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"Handshake refused: {error.GetString()}");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new HubTestClient(socket, timeout);
    }

    private (HubStream Stream, Dictionary<string, object?> Message) NewStream(string target, object?[] arguments)
    {
        var id = NextId();
        var stream = new HubStream(this, id);
        _streams[id] = stream;
        return (stream, new Dictionary<string, object?> { ["type"] = 4, ["invocationId"] = id, ["target"] = target, ["arguments"] = arguments });
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
    private static async Task<string?> ReceiveMessageAsync(WebSocket socket, StringBuilder pending, CancellationToken cancellationToken)
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
