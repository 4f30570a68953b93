namespace Spaces.Docker.Tests.Infrastructure;

/// <summary>A read-only stream that hands its bytes out in the chunk sizes given (the last size repeats), to split data anywhere.</summary>
public sealed class ChunkedStream(byte[] data, params int[] chunkSizes) : Stream
{
    private int _position;
    private int _reads;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = chunkSizes.Length == 0 ? int.MaxValue : chunkSizes[Math.Min(_reads, chunkSizes.Length - 1)];
        _reads++;
        var n = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Every other read completes asynchronously, as a socket would.
        if (_reads % 2 == 1)
        {
            await Task.Yield();
        }
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
