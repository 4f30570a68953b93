using System.Runtime.CompilerServices;
using Spaces.Docker.Models;

namespace Spaces.Docker.Streams;

/// <summary>Turns a logs/attach body into frames or lines, multiplexed or raw (TTY).</summary>
internal static class LogReader
{
    private const int RawChunkSize = 64 * 1024;

    public static async IAsyncEnumerable<LogFrame> ReadFramesAsync(
        Stream body, bool tty, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (tty)
        {
            var buffer = new byte[RawChunkSize];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                yield return new LogFrame(LogStreamKind.Tty, buffer.AsSpan(0, read).ToArray());
            }
            yield break;
        }
        using var reader = new MultiplexedStreamReader(body);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new LogFrame(reader.CurrentStream, reader.CurrentPayload.ToArray());
        }
    }

    public static async IAsyncEnumerable<LogLine> ReadLinesAsync(
        Stream body, bool tty, bool timestamps, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var splitter = new LogLineSplitter(timestamps);
        var lines = new List<LogLine>();
        if (tty)
        {
            var buffer = new byte[RawChunkSize];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                splitter.Push(LogStreamKind.Tty, buffer.AsSpan(0, read), lines);
                foreach (var line in lines)
                {
                    yield return line;
                }
                lines.Clear();
            }
        }
        else
        {
            using var reader = new MultiplexedStreamReader(body);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                splitter.Push(reader.CurrentStream, reader.CurrentPayload.Span, lines);
                foreach (var line in lines)
                {
                    yield return line;
                }
                lines.Clear();
            }
        }
        splitter.Flush(lines);
        foreach (var line in lines)
        {
            yield return line;
        }
    }
}
