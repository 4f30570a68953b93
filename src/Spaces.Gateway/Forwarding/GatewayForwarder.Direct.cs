using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// The forwarder's second front: a request whose head the gateway read off the client's connection itself
/// (<see cref="RequestHeadParser"/>), answered straight into the connection's output — no server request object, header dictionaries or
/// response state in between. Same pools, timeouts, header rules and outcomes as <see cref="ForwardAsync(HttpContext, Uri, CancellationToken)"/>;
/// only bodiless requests come this way.
/// </summary>
public sealed partial class GatewayForwarder
{
    /// <summary>
    /// Forwards <paramref name="request"/>, read off <paramref name="client"/>, to <paramref name="upstream"/> and writes the answer (or
    /// the gateway's 502/504 page) to the client's output with <paramref name="added"/>. KeepAlive says whether the
    /// connection may carry the client's next request; otherwise it was aborted or the client is gone.
    /// </summary>
    internal async ValueTask<(ForwardOutcome Outcome, bool KeepAlive)> ForwardAsync(
        DirectClient client, RequestHead request, Uri upstream, AddedResponseHeaders added)
    {
        var target = _pools.Get(upstream);
        using var exchange = new UpstreamExchange(_pools, target, null, false, client.Token);
        using (var head = new HeadBuffer())
        {
            ForwardedRequest.WriteHead(head, request, target, client.RemoteAddress);
            client.StartHeadersTimer(_options.ResponseHeadersTimeout);
            try
            {
                await exchange.SendAsync(head.Written, request.Method, _options.ConnectTimeout, _timeProvider);
            }
            catch (Exception ex)
            {
                client.StopHeadersTimer();
                await exchange.EndAsync();
                return await SendFailedAsync(client, request, upstream, ex, added);
            }
        }

        client.StopHeadersTimer();
        try
        {
            return await CopyResponseAsync(client, request, upstream, exchange.Connection, added);
        }
        finally
        {
            await exchange.EndAsync();
        }
    }

    private async ValueTask<(ForwardOutcome, bool)> SendFailedAsync(
        DirectClient client, RequestHead request, Uri upstream, Exception error, AddedResponseHeaders added)
    {
        if (client.CallerCanceled)
        {
            client.Connection.Abort();
            return (ForwardOutcome.Canceled, false);
        }

        if (client.ClientAborted)
        {
            Log.ClientDisconnected(_logger, request.Method, PathOf(request), upstream);
            return (ForwardOutcome.ClientDisconnected, false);
        }

        if (client.TimedOut)
        {
            // The connection's cancellation stays cancelled: it ends after the page.
            Log.UpstreamTimedOut(_logger, request.Method, PathOf(request), upstream, _options.ResponseHeadersTimeout);
            await WriteErrorAsync(client.Connection, request, StatusCodes.Status504GatewayTimeout, added);
            return (ForwardOutcome.UpstreamTimeout, false);
        }

        Log.UpstreamUnreachable(_logger, request.Method, PathOf(request), upstream, error.Message);
        return (ForwardOutcome.UpstreamUnreachable, await WriteErrorAsync(client.Connection, request, StatusCodes.Status502BadGateway, added));
    }

    private async ValueTask<(ForwardOutcome, bool)> CopyResponseAsync(
        DirectClient client, RequestHead request, Uri upstream, UpstreamConnection connection, AddedResponseHeaders added)
    {
        var head = connection.Head;
        if (head.StatusCode == StatusCodes.Status101SwitchingProtocols)
        {
            Log.UpstreamFailed(_logger, request.Method, PathOf(request), upstream, "unexpected 101 Switching Protocols");
            return (ForwardOutcome.UpstreamFailed, await WriteErrorAsync(client.Connection, request, StatusCodes.Status502BadGateway, added));
        }

        var output = client.Connection.Transport.Output;
        var framing = head.Framing(request.Method);
        var chunked = framing is BodyFraming.Chunked or BodyFraming.UntilClose;
        // A body of at most one receive buffer goes out with the head in one send; anything longer or streamed is flushed as it comes,
        // the head at once when no body byte is here yet (an event stream's first event may be a while).
        var small = IsSmallBody(head);
        ForwardedResponse.WriteHead(head, framing, added, output);
        try
        {
            if (!small && connection.Buffered.IsEmpty && IsGone(await output.FlushAsync()))
            {
                return ClientGone(client, request, upstream);
            }

            while (true)
            {
                ReadOnlyMemory<byte> piece;
                try
                {
                    piece = await connection.Body.ReadAsync();
                }
                catch (Exception ex)
                {
                    return SourceFailed(client, request, upstream, ex);
                }

                if (piece.IsEmpty)
                {
                    break;
                }

                if (chunked)
                {
                    WriteChunkHeader(output, piece.Length);
                    output.Write(piece.Span);
                    output.Write("\r\n"u8);
                }
                else
                {
                    output.Write(piece.Span);
                }

                if (!small && IsGone(await output.FlushAsync()))
                {
                    return ClientGone(client, request, upstream);
                }
            }

            if (chunked)
            {
                output.Write("0\r\n\r\n"u8);
            }

            if (IsGone(await output.FlushAsync()))
            {
                return ClientGone(client, request, upstream);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return ClientGone(client, request, upstream);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Forwarded(_logger, request.Method, PathOf(request), upstream, head.StatusCode);
        }

        return (ForwardOutcome.Success, true);
    }

    private (ForwardOutcome, bool) SourceFailed(DirectClient client, RequestHead request, Uri upstream, Exception error)
    {
        // The head is on its way: the only honest signal left is to abort the connection.
        client.Connection.Abort();
        if (client.CallerCanceled)
        {
            return (ForwardOutcome.Canceled, false);
        }

        if (client.ClientAborted)
        {
            Log.ClientDisconnected(_logger, request.Method, PathOf(request), upstream);
            return (ForwardOutcome.ClientDisconnected, false);
        }

        Log.UpstreamFailed(_logger, request.Method, PathOf(request), upstream, error.Message);
        return (ForwardOutcome.UpstreamFailed, false);
    }

    private (ForwardOutcome, bool) ClientGone(DirectClient client, RequestHead request, Uri upstream)
    {
        client.Connection.Abort();
        if (client.CallerCanceled)
        {
            return (ForwardOutcome.Canceled, false);
        }

        Log.ClientDisconnected(_logger, request.Method, PathOf(request), upstream);
        return (ForwardOutcome.ClientDisconnected, false);
    }

    // The gateway's page, when the client is still there to read it; false when it is not (the connection then ends).
    private static async ValueTask<bool> WriteErrorAsync(ConnectionContext client, RequestHead request, int statusCode, AddedResponseHeaders added)
    {
        var output = client.Transport.Output;
        ErrorResponses.Write(output, statusCode, request.HasValueContaining("Accept"u8, "text/html"u8), added);
        try
        {
            return !IsGone(await output.FlushAsync());
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            client.Abort();
            return false;
        }
    }

    private static bool IsGone(FlushResult flush) => flush.IsCompleted || flush.IsCanceled;

    private static void WriteChunkHeader(PipeWriter output, int length)
    {
        var span = output.GetSpan(10);
        length.TryFormat(span, out var written, "X");
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        output.Advance(written + 2);
    }

    // Paths only, never query strings (as the other front logs them).
    private static PathString PathOf(RequestHead request)
    {
        var target = request.Target;
        var query = target.IndexOf((byte)'?');
        return new PathString(Encoding.ASCII.GetString(query < 0 ? target : target[..query]));
    }
}
