using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Spaces.Docker.Transport;

/// <summary>
/// Runs a decoder on a dedicated thread against a blocking HTTP body and hands its output over in batches: a batch goes when it
/// is full, or when the engine has had nothing more to send for <see cref="BatchWindow"/>. At most
/// <see cref="BatchesInFlight"/> batches wait for the consumer; beyond that the reader thread (and so the engine) waits.
/// </summary>
internal sealed class LogBatchPump<T>(Action<Stream, LogBatchPump<T>> decode)
{
    private const int MaxBatchItems = 2048;
    private const int MaxBatchBytes = 1024 * 1024;
    private const int BatchesInFlight = 4;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    private readonly Channel<List<T>> _batches =
        Channel.CreateUnbounded<List<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<List<T>> _spare = new();
    private readonly SemaphoreSlim _free = new(BatchesInFlight);
    private BlockingHttpConnection? _connection;
    private CancellationToken _stopping;
    private ExceptionDispatchInfo? _error;
    private int _batchBytes;
    private long _batchStarted;

    /// <summary>Where the decoder appends its output; followed by a call to <see cref="Added"/>.</summary>
    public List<T> Batch { get; private set; } = new(MaxBatchItems);

    /// <summary>Accounts for output just appended to <see cref="Batch"/> (from <paramref name="bytes"/> of input); hands it over when full.</summary>
    public void Added(int bytes)
    {
        _batchBytes += bytes;
        if (_batchStarted == 0 && Batch.Count > 0)
        {
            _batchStarted = Stopwatch.GetTimestamp();
        }
        if (Batch.Count >= MaxBatchItems || _batchBytes >= MaxBatchBytes)
        {
            HandOver();
        }
    }

    public async IAsyncEnumerable<T> RunAsync(
        DockerTransport transport, string pathAndQuery, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var target = await transport.GetVersionPrefixAsync(cancellationToken).ConfigureAwait(false) + pathAndQuery;
        var endpoint = transport.EngineEndpoint;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connection = new BlockingHttpConnection(endpoint);
        _connection = connection;
        _stopping = stop.Token;
        using var abort = stop.Token.Register(connection.Abort);
        try
        {
            var thread = new Thread(() => Run(connection, endpoint, transport.ConnectTimeout, target))
            {
                IsBackground = true,
                Name = "Spaces.Docker logs",
            };
            thread.Start();

            var reader = _batches.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var batch))
                {
                    _free.Release();
                    foreach (var item in batch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return item;
                    }
                    batch.Clear();
                    _spare.Enqueue(batch);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            _error?.Throw();
        }
        finally
        {
            // Ends the reader thread however the consumer left (done, broke out early, cancelled, failed): the registration
            // above closes the socket, which wakes a blocked read.
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private void Run(BlockingHttpConnection connection, DockerEndpoint endpoint, TimeSpan connectTimeout, string target)
    {
        try
        {
            connection.Connect(endpoint, endpoint.SocketEndPoint, connectTimeout);
            var status = connection.Get(target);
            if ((int)status is < 200 or > 299)
            {
                throw DockerErrors.FromResponse(status, connection.ReadBodyAsString());
            }
            connection.Starving = OnStarving;
            decode(connection, this);
            if (Batch.Count > 0)
            {
                HandOver();
            }
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(_stopping.IsCancellationRequested && ex is not OperationCanceledException
                ? new OperationCanceledException(_stopping)
                : ex);
        }
        finally
        {
            connection.Dispose();
            _batches.Writer.TryComplete();
        }
    }

    /// <summary>Nothing is buffered: keep the batch open a little for more lines, else hand it over before blocking.</summary>
    private void OnStarving()
    {
        if (Batch.Count == 0)
        {
            return;
        }
        var left = BatchWindow - Stopwatch.GetElapsedTime(_batchStarted);
        if (left > TimeSpan.Zero && _connection!.WaitForData((int)left.TotalMicroseconds))
        {
            return;
        }
        HandOver();
    }

    private void HandOver()
    {
        _free.Wait(_stopping);
        _batches.Writer.TryWrite(Batch);
        Batch = _spare.TryDequeue(out var spare) ? spare : new List<T>(MaxBatchItems);
        _batchBytes = 0;
        _batchStarted = 0;
    }
}
