using System.Buffers;
using System.Globalization;
using System.Text;
using Spaces.Docker.Models;

namespace Spaces.Docker.Streams;

/// <summary>
/// Cuts container output into lines, separately per stream: a line may span any number of frames, a frame may hold many lines.
/// Splitting happens on '\n' bytes, which never occur inside a multi-byte UTF-8 sequence, so each line decodes cleanly.
/// </summary>
internal sealed class LogLineSplitter(bool timestamps)
{
    private readonly ArrayBufferWriter<byte>?[] _pending = new ArrayBufferWriter<byte>?[4];

    /// <summary>Adds output; every line it completes is appended to <paramref name="lines"/>.</summary>
    public void Push(LogStreamKind stream, ReadOnlySpan<byte> data, List<LogLine> lines)
    {
        var pending = _pending[(int)stream];
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                pending ??= _pending[(int)stream] = new ArrayBufferWriter<byte>(256);
                pending.Write(data);
                return;
            }
            if (pending is { WrittenCount: > 0 })
            {
                pending.Write(data[..newline]);
                lines.Add(MakeLine(stream, pending.WrittenSpan));
                pending.ResetWrittenCount();
            }
            else
            {
                lines.Add(MakeLine(stream, data[..newline]));
            }
            data = data[(newline + 1)..];
        }
    }

    /// <summary>Ends the output: unfinished lines (no trailing newline) are appended as lines.</summary>
    public void Flush(List<LogLine> lines)
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] is { WrittenCount: > 0 } pending)
            {
                lines.Add(MakeLine((LogStreamKind)i, pending.WrittenSpan));
                pending.ResetWrittenCount();
            }
        }
    }

    private LogLine MakeLine(LogStreamKind stream, ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        DateTimeOffset? timestamp = null;
        if (timestamps && TrySplitTimestamp(line, out var parsed, out var rest))
        {
            timestamp = parsed;
            line = rest;
        }
        return new LogLine(stream, Encoding.UTF8.GetString(line), timestamp);
    }

    /// <summary>Reads the RFC 3339 timestamp (with up to 9 fraction digits) the engine puts before each line.</summary>
    internal static bool TrySplitTimestamp(ReadOnlySpan<byte> line, out DateTimeOffset timestamp, out ReadOnlySpan<byte> rest)
    {
        timestamp = default;
        rest = line;
        var space = line.IndexOf((byte)' ');
        if (space is < 20 or > 40)
        {
            return false;
        }
        Span<char> chars = stackalloc char[space];
        for (var i = 0; i < space; i++)
        {
            chars[i] = (char)line[i];
        }
        if (!DateTimeOffset.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
        {
            return false;
        }
        rest = line[(space + 1)..];
        return true;
    }
}
