using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>
/// A client connection written byte by byte, as a browser or an unusual client would: heads sent as given, pipelined when the test
/// says, answers read back by their framing (length, chunks) so several can follow each other on one connection.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly MemoryStream _pending = new();

    private RawClient()
    {
    }

    public static async Task<RawClient> ConnectAsync(Uri gateway)
    {
        var client = new RawClient();
        await client._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
        return client;
    }

    /// <summary>A GET head for <paramref name="host"/> and <paramref name="target"/> with <paramref name="headers"/> lines (CRLF each).</summary>
    public static string Get(string host, string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n";

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>Reads the next response head (status line and fields, lower-case names); null when the connection closed first.</summary>
    public async Task<RawResponse?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                Keep(end + 4);
                var lines = text[..end].Split("\r\n");
                var fields = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => (Name: p[0].Trim().ToLowerInvariant(), Value: p[1].Trim())).ToList();
                return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), lines[0], fields);
            }

            if (!await ReceiveAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Reads a whole response: its head, then its body by its framing (none for HEAD when <paramref name="head"/>).</summary>
    public async Task<RawResponse> ReadResponseAsync(bool head = false, CancellationToken cancellationToken = default)
    {
        var response = await ReadHeadAsync(cancellationToken) ?? throw new IOException("The gateway closed the connection before answering.");
        if (head || response.Status is 204 or 304)
        {
            return response;
        }

        if (response.Field("transfer-encoding") == "chunked")
        {
            var body = new MemoryStream();
            while (await ReadChunkAsync(cancellationToken) is { Length: > 0 } chunk)
            {
                body.Write(chunk);
            }

            return response with { Body = Encoding.UTF8.GetString(body.ToArray()) };
        }

        var length = int.Parse(response.Field("content-length") ?? throw new IOException("No length."), System.Globalization.CultureInfo.InvariantCulture);
        return response with { Body = Encoding.UTF8.GetString(await ReadBytesAsync(length, cancellationToken)) };
    }

    /// <summary>Reads one chunk of a chunked body; empty for the last one (its trailer section read too).</summary>
    public async Task<byte[]> ReadChunkAsync(CancellationToken cancellationToken = default)
    {
        var line = await ReadLineAsync(cancellationToken);
        var size = Convert.ToInt32(line.Split(';')[0], 16);
        if (size == 0)
        {
            while ((await ReadLineAsync(cancellationToken)).Length > 0)
            {
            }

            return [];
        }

        var data = await ReadBytesAsync(size, cancellationToken);
        await ReadLineAsync(cancellationToken);
        return data;
    }

    /// <summary>Waits until the gateway closes the connection (true) or sends something (false).</summary>
    public async Task<bool> ClosedAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Length > 0)
        {
            return false;
        }

        try
        {
            return await _socket.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                Keep(end + 2);
                return text[..end];
            }

            if (!await ReceiveAsync(cancellationToken))
            {
                throw new IOException("The gateway closed the connection in the middle of a line.");
            }
        }
    }

    private async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        while (_pending.Length < count)
        {
            if (!await ReceiveAsync(cancellationToken))
            {
                throw new IOException($"The gateway closed the connection {count - _pending.Length} bytes before the end of the body.");
            }
        }

        var bytes = _pending.GetBuffer().AsSpan(0, count).ToArray();
        Keep(count);
        return bytes;
    }

    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            return false;
        }

        _pending.Position = _pending.Length;
        _pending.Write(buffer, 0, read);
        return true;
    }

    private void Keep(int consumed)
    {
        var rest = _pending.GetBuffer().AsSpan(consumed, (int)_pending.Length - consumed).ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>A response read by <see cref="RawClient"/>.</summary>
internal sealed record RawResponse(int Status, string StatusLine, List<(string Name, string Value)> Fields)
{
    public string Body { get; init; } = "";

    /// <summary>The first value of the field <paramref name="name"/> (lower case), or null.</summary>
    public string? Field(string name) => Fields.FirstOrDefault(f => f.Name == name).Value;

    /// <summary>Every value of the field <paramref name="name"/> (lower case).</summary>
    public IEnumerable<string> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value);
}
