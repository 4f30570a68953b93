using System.Buffers;
using System.Text;

namespace Spaces.Gateway.Forwarding.Http1;

/// <summary>A request head being written: bytes in a pooled array that grows as needed. Dispose gives the array back.</summary>
internal sealed class HeadBuffer : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>
    /// Appends text as ASCII, or as UTF-8 when it has other characters: the server decoded the client's header bytes as UTF-8, so this
    /// sends them on as they came.
    /// </summary>
    public void Append(ReadOnlySpan<char> text)
    {
        EnsureRoom(text.Length);
        if (Ascii.FromUtf16(text, _bytes.AsSpan(_length), out var written) == OperationStatus.Done)
        {
            _length += written;
            return;
        }

        EnsureRoom(Encoding.UTF8.GetByteCount(text));
        _length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
    }

    public void AppendLine(ReadOnlySpan<byte> name, ReadOnlySpan<char> value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }

    private void EnsureRoom(int count)
    {
        if (_length + count <= _bytes.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + count));
        _bytes.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }

    public void Dispose()
    {
        var bytes = _bytes;
        _bytes = [];
        _length = 0;
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
