using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Spaces.Docker.Models;

namespace Spaces.Docker.Streams;

/// <summary>
/// Demultiplexes the engine's framed output (logs and attach without a TTY): each frame is an 8-byte header
/// [stream, 0, 0, 0, size as big-endian uint32] followed by size bytes. Headers and payloads may split across reads at any byte.
/// End of stream exactly between frames is the normal end; anywhere else it is an error.
/// </summary>
internal sealed class MultiplexedStreamReader : IDisposable
{
    private const int HeaderSize = 8;
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Frames up to this size are returned whole; larger ones in pieces.</summary>
    private const int MaxWholeFrame = 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _frameRemaining;
    private LogStreamKind _frameStream;

    public MultiplexedStreamReader(Stream stream, int bufferSize = InitialBufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The stream of the chunk last read.</summary>
    public LogStreamKind CurrentStream { get; private set; }

    /// <summary>The payload last read; valid until the next call to <see cref="ReadAsync"/>.</summary>
    public ReadOnlyMemory<byte> CurrentPayload { get; private set; }

    /// <summary>Reads the next frame's payload (whole when it is at most 1 MiB). False at the normal end of the stream.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var needed = Advance();
            if (needed == 0)
            {
                return true;
            }
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (!Filled(read))
            {
                return false;
            }
        }
    }

    /// <summary>The same as <see cref="ReadAsync"/> with blocking reads, for a dedicated reader thread.</summary>
    public bool Read()
    {
        while (true)
        {
            var needed = Advance();
            if (needed == 0)
            {
                return true;
            }
            if (!Filled(_stream.Read(_buffer, _end, _buffer.Length - _end)))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Makes the next chunk current from buffered bytes and returns 0, or makes room and returns how many more bytes are needed.
    /// </summary>
    private int Advance()
    {
        while (true)
        {
            var available = _end - _start;
            if (_frameRemaining > 0)
            {
                var wantWhole = _frameRemaining <= MaxWholeFrame;
                if (available >= _frameRemaining || (!wantWhole && available > 0))
                {
                    var length = Math.Min(available, _frameRemaining);
                    CurrentStream = _frameStream;
                    CurrentPayload = _buffer.AsMemory(_start, length);
                    _start += length;
                    _frameRemaining -= length;
                    return 0;
                }
                var needed = wantWhole ? _frameRemaining : 1;
                MakeRoom(needed);
                return needed;
            }
            if (available >= HeaderSize)
            {
                ReadHeader(_buffer.AsSpan(_start, HeaderSize));
                _start += HeaderSize;
                continue;
            }
            MakeRoom(HeaderSize);
            return HeaderSize - available;
        }
    }

    /// <summary>Takes in a read's result; false at a clean end of stream, an error at an end inside a frame.</summary>
    private bool Filled(int read)
    {
        if (read > 0)
        {
            _end += read;
            return true;
        }
        if (_frameRemaining > 0)
        {
            throw new DockerStreamException(
                $"The engine's output stream ended inside a frame ({_frameRemaining - (_end - _start)} payload bytes missing).");
        }
        if (_end != _start)
        {
            throw new DockerStreamException(
                $"The engine's output stream ended inside a frame header ({_end - _start} of {HeaderSize} bytes).");
        }
        CurrentPayload = ReadOnlyMemory<byte>.Empty;
        return false;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadHeader(ReadOnlySpan<byte> header)
    {
        var kind = header[0];
        var size = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (kind > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0)
        {
            throw new DockerStreamException(
                $"The engine's output is not multiplexed (header bytes {Convert.ToHexString(header)}); does the container have a TTY?");
        }
        if (size > int.MaxValue)
        {
            throw new DockerStreamException($"The engine sent a frame of {size} bytes, which is too large.");
        }
        if (kind == 3)
        {
            // Stream 3 is the engine's own error channel (attach/exec): its payload is an error message, not output.
            throw new DockerStreamException("The engine reported an error inside the output stream" + ReadSystemError((int)size));
        }
        _frameStream = (LogStreamKind)kind;
        _frameRemaining = (int)size;
    }

    private string ReadSystemError(int size)
    {
        var available = Math.Min(size, _end - _start - HeaderSize);
        return available > 0 ? ": " + Encoding.UTF8.GetString(_buffer, _start + HeaderSize, available) : ".";
    }

    /// <summary>Makes sure at least <paramref name="needed"/> bytes from the current position fit in the buffer.</summary>
    private void MakeRoom(int needed)
    {
        var available = _end - _start;
        if (_buffer.Length - _start >= needed && _end < _buffer.Length)
        {
            return;
        }
        if (_buffer.Length >= needed)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, available);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, _start, bigger, 0, available);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        _start = 0;
        _end = available;
    }
}
