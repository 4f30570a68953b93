using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Docker.Tests.Infrastructure;

/// <summary>
/// A stand-in for the engine on loopback TCP or a unix socket: records each request line and answers with the byte pieces the
/// test gives (each sent separately, so reads split there), then closes the connection unless told to hold it open.
/// </summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, IReadOnlyList<byte[]>> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _socketPath;
    private readonly Task _accepting;

    private FakeEngine(Socket listener, string host, string? socketPath, Func<string, IReadOnlyList<byte[]>> respond)
    {
        _listener = listener;
        _socketPath = socketPath;
        _respond = respond;
        Host = host;
        _accepting = AcceptAsync();
    }

    /// <summary>The engine address to give <see cref="DockerClientOptions.Host"/>.</summary>
    public string Host { get; }

    /// <summary>Request lines received, e.g. <c>GET /v1.41/containers/x/logs?stdout=1 HTTP/1.0</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Keep connections open after answering (an engine with nothing more to say).</summary>
    public bool HoldOpen { get; init; }

    /// <summary>Completes when a held connection is closed by the client.</summary>
    public TaskCompletionSource ClientClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static FakeEngine OnTcp(Func<string, IReadOnlyList<byte[]>> respond, bool holdOpen = false)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return new FakeEngine(listener, $"tcp://127.0.0.1:{port}", null, respond) { HoldOpen = holdOpen };
    }

    public static FakeEngine OnUnixSocket(Func<string, IReadOnlyList<byte[]>> respond, bool holdOpen = false)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-fake-engine-{Guid.NewGuid():N}.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        return new FakeEngine(listener, "unix://" + path, path, respond) { HoldOpen = holdOpen };
    }

    /// <summary>An HTTP/1.0-style answer: status line, headers, blank line.</summary>
    public static byte[] Head(string status, params string[] headers) =>
        Encoding.ASCII.GetBytes($"HTTP/1.0 {status}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n");

    /// <summary>A complete answer with a JSON body and its Content-Length.</summary>
    public static byte[] Json(string status, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Head(status, "Content-Type: application/json", $"Content-Length: {body.Length}"), .. body];
    }

    /// <summary>Encodes <paramref name="chunks"/> with chunked transfer-encoding, including the final empty chunk.</summary>
    public static byte[] Chunked(params byte[][] chunks)
    {
        var output = new MemoryStream();
        foreach (var chunk in chunks.Where(c => c.Length > 0))
        {
            output.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            output.Write(chunk);
            output.Write("\r\n"u8);
        }
        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                var head = new MemoryStream();
                var buffer = new byte[4096];
                while (!head.GetBuffer().AsSpan(0, (int)head.Length).EndsWith("\r\n\r\n"u8))
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(0, 1), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    head.Write(buffer, 0, read);
                }
                var requestLine = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")[0];
                Requests.Enqueue(requestLine);
                foreach (var piece in _respond(requestLine))
                {
                    await client.SendAsync(piece, _stop.Token);
                    await Task.Delay(2, _stop.Token);
                }
                if (HoldOpen)
                {
                    // Wait until the client goes away (reads 0) or the fake is disposed.
                    while (await client.ReceiveAsync(buffer, _stop.Token) > 0)
                    {
                    }
                    ClientClosed.TrySetResult();
                    return;
                }
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                ClientClosed.TrySetResult();
            }
        }
    }
}
