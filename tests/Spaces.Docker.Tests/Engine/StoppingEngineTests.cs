using System.Net.Sockets;
using System.Text;

namespace Spaces.Docker.Tests.Engine;

/// <summary>
/// An engine that is stopping closes its listener (dockerd removes its socket) but goes on answering the connections it has, for
/// seconds: a ping must not take such an answer for liveness.
/// </summary>
public sealed class StoppingEngineTests
{
    [Fact]
    public async Task A_ping_needs_a_new_connection_while_pooled_ones_are_still_answered()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-stopping-engine-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        using var stop = new CancellationTokenSource();
        var served = new List<Task>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    served.Add(ServeKeepAliveAsync(await listener.AcceptAsync(stop.Token), stop.Token));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The listener closed.
            }
        });
        using var client = new DockerClient(new DockerClientOptions { Host = "unix://" + path });

        await client.System.PingAsync();
        Assert.Equal("20.10.24", (await client.System.VersionAsync()).Version);

        // The engine stops: no new connections, the pooled one still answered.
        listener.Close();
        File.Delete(path);
        await accepting;
        Assert.Equal("20.10.24", (await client.System.VersionAsync()).Version);
        var error = await Assert.ThrowsAsync<DockerUnreachableException>(() => client.System.PingAsync());

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await Task.WhenAll(served);
    }

    // Answers every request on the connection (HTTP/1.1 keep-alive) until the client leaves or the test ends.
    private static async Task ServeKeepAliveAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var body = """{"Version":"20.10.24","ApiVersion":"1.41"}"""u8.ToArray();
            var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n")
                .Concat(body).ToArray();
            var head = new StringBuilder();
            var buffer = new byte[1];
            try
            {
                while (await client.ReceiveAsync(buffer, cancellationToken) > 0)
                {
                    head.Append((char)buffer[0]);
                    if (head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                    {
                        head.Clear();
                        await client.SendAsync(answer, cancellationToken);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The test ended or the client went away.
            }
        }
    }
}
