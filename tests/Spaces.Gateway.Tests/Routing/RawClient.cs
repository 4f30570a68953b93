using System.Net;
using System.Net.Sockets;
using System.Text;
using Spaces.Gateway.Tests.Forwarding;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>
/// A client connection written byte by byte, as a browser or an unusual client would: heads sent as given, pipelined when the test
/// says, answers read back by their framing (length, chunks) so several can follow each other on one connection.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly RawConnection _connection;

    private RawClient(Socket socket) => _connection = new RawConnection(socket);

    public static async Task<RawClient> ConnectAsync(Uri gateway)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port));
        return new RawClient(socket);
    }

    /// <summary>A GET head for <paramref name="host"/> and <paramref name="target"/> with <paramref name="headers"/> lines (CRLF each).</summary>
    public static string Get(string host, string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n";

    public Task SendAsync(string text) => _connection.WriteAsync(text);

    /// <summary>Reads the next response head (status line and fields, lower-case names); null when the connection closed first.</summary>
    public async Task<RawResponse?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        if (await _connection.ReadHeadAsync(cancellationToken) is not { } text)
        {
            return null;
        }

        var lines = text[..^4].Split("\r\n");
        var fields = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => (Name: p[0].Trim().ToLowerInvariant(), Value: p[1].Trim())).ToList();
        return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), lines[0], fields);
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
        return response with { Body = Encoding.UTF8.GetString(await _connection.ReadBytesAsync(length, cancellationToken)) };
    }

    /// <summary>Reads one chunk of a chunked body; empty for the last one (its trailer section read too).</summary>
    public async Task<byte[]> ReadChunkAsync(CancellationToken cancellationToken = default)
    {
        var line = await _connection.ReadLineAsync(cancellationToken);
        var size = Convert.ToInt32(line.Split(';')[0], 16);
        if (size == 0)
        {
            while ((await _connection.ReadLineAsync(cancellationToken)).Length > 0)
            {
            }

            return [];
        }

        var data = await _connection.ReadBytesAsync(size, cancellationToken);
        await _connection.ReadLineAsync(cancellationToken);
        return data;
    }

    /// <summary>Waits until the gateway closes the connection (true) or sends something (false).</summary>
    public async Task<bool> ClosedAsync(CancellationToken cancellationToken = default) =>
        !_connection.HasPending && await _connection.WaitForCloseAsync(cancellationToken);

    public void Dispose() => _connection.Dispose();
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
