namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>
/// An upgraded upstream connection (after 101 Switching Protocols) as a duplex stream: first the bytes that arrived with the response
/// head, then the socket's. The exchange owns the connection: disposing the stream leaves it alone.
/// </summary>
internal sealed class UpstreamTunnelStream : Stream
{
    private readonly UpstreamConnection _connection;

    public UpstreamTunnelStream(UpstreamConnection connection) => _connection = connection;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var buffered = _connection.Buffered;
        if (!buffered.IsEmpty)
        {
            var count = Math.Min(buffered.Length, buffer.Length);
            buffered[..count].CopyTo(buffer.Span);
            _connection.Consume(count);
            return count;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.UnsafeRegister(static c => ((UpstreamConnection)c!).Abort(), _connection);
        return await _connection.ReceiveAsync(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.UnsafeRegister(static c => ((UpstreamConnection)c!).Abort(), _connection);
        await _connection.SendAsync(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

}
