using Spaces.Core.IO;

namespace Spaces.Core.Repositories.Uploads;

/// <summary>
/// A read-only pass-through that counts the bytes read and, past <c>limit</c>, throws what <c>onLimit</c> makes
/// (so a request body or an archive is cut off at its bound instead of being read to the end). <c>onRead</c>, when given, sees
/// the running count after every read that returned bytes, before the reader does, and may throw to refuse them.
/// </summary>
public sealed class CountingReadStream(
    Stream inner, long limit = long.MaxValue, Func<Exception>? onLimit = null, bool leaveOpen = false, Action<long>? onRead = null)
    : ReadOnlyStream
{
    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > limit)
        {
            throw onLimit?.Invoke() ?? new InvalidDataException($"The stream is longer than {limit} bytes.");
        }

        if (read > 0)
        {
            onRead?.Invoke(BytesRead);
        }

        return read;
    }
}
