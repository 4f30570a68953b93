using Spaces.Docker.Models;
using Spaces.Docker.Streams;

namespace Spaces.Docker.Transport;

/// <summary>
/// A one-off (not followed) log download read on a dedicated thread from a blocking socket, decoded there, and handed to the
/// async consumer in batches. The engine writes each log line as its own tiny packet; on the async socket path every wait for
/// one wakes a thread-pool thread, which on a small loaded host costs the engine CPU. Here the thread waits in the kernel and
/// the consumer wakes once per batch. Followed logs stay on the async path: they are long-lived and mostly idle.
/// </summary>
internal static class BlockingLogDownload
{
    private const int ReadBufferSize = 256 * 1024;

    public static IAsyncEnumerable<LogFrame> ReadFramesAsync(
        DockerTransport transport, string pathAndQuery, bool tty, CancellationToken cancellationToken) =>
        new LogBatchPump<LogFrame>((body, pump) =>
        {
            if (tty)
            {
                var buffer = new byte[ReadBufferSize];
                int read;
                while ((read = body.Read(buffer)) > 0)
                {
                    pump.Batch.Add(new LogFrame(LogStreamKind.Tty, buffer.AsSpan(0, read).ToArray()));
                    pump.Added(read);
                }
                return;
            }
            using var reader = new MultiplexedStreamReader(body, ReadBufferSize);
            while (reader.Read())
            {
                pump.Batch.Add(new LogFrame(reader.CurrentStream, reader.CurrentPayload.ToArray()));
                pump.Added(reader.CurrentPayload.Length);
            }
        }).RunAsync(transport, pathAndQuery, cancellationToken);

    public static IAsyncEnumerable<LogLine> ReadLinesAsync(
        DockerTransport transport, string pathAndQuery, bool tty, bool timestamps, CancellationToken cancellationToken) =>
        new LogBatchPump<LogLine>((body, pump) =>
        {
            var splitter = new LogLineSplitter(timestamps);
            if (tty)
            {
                var buffer = new byte[ReadBufferSize];
                int read;
                while ((read = body.Read(buffer)) > 0)
                {
                    splitter.Push(LogStreamKind.Tty, buffer.AsSpan(0, read), pump.Batch);
                    pump.Added(read);
                }
            }
            else
            {
                using var reader = new MultiplexedStreamReader(body, ReadBufferSize);
                while (reader.Read())
                {
                    splitter.Push(reader.CurrentStream, reader.CurrentPayload.Span, pump.Batch);
                    pump.Added(reader.CurrentPayload.Length);
                }
            }
            splitter.Flush(pump.Batch);
        }).RunAsync(transport, pathAndQuery, cancellationToken);
}
