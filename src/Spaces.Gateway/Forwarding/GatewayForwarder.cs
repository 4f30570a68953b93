using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// The gateway's reverse proxy: forwards a request over pooled HTTP/1.1 connections to a Space's upstream and streams the answer back
/// (see <see cref="IGatewayForwarder"/>). One instance per process; it owns the connection pool.
/// </summary>
public sealed partial class GatewayForwarder : IGatewayForwarder, IDisposable
{
    private readonly UpstreamPools _pools;
    private readonly ForwarderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the forwarder and its connection pools.</summary>
    public GatewayForwarder(IOptions<ForwarderOptions> options, ILogger<GatewayForwarder> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _logger = logger;
        _timeProvider = timeProvider;
        _pools = new UpstreamPools(_options.PooledConnectionIdleTimeout, timeProvider, _options.InlineUpstreamCompletions);
    }

    /// <summary>The connection pools (tests look at how many connections idle).</summary>
    internal UpstreamPools Pools => _pools;

    /// <inheritdoc />
    public async Task<ForwardOutcome> ForwardAsync(HttpContext context, Uri upstream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(upstream);

        var upgradeFeature = WebSocketUpgradeFeature(context);
        using var cancellation = ForwardCancellation.Rent(context.RequestAborted, cancellationToken, _timeProvider);
        RequestBodySender? body = null;
        long? bodyLength = null;
        if (upgradeFeature is not null)
        {
            DisableLimitsForUpgrade(context);
        }
        else
        {
            if (context.Request.ContentLength > _options.MaxRequestBodyBytes)
            {
                Log.RequestTooLarge(_logger, context.Request.Method, context.Request.Path, $"Content-Length {context.Request.ContentLength}", _options.MaxRequestBodyBytes);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge);
                return ForwardOutcome.RequestTooLarge;
            }

            if (ForwardedRequest.HasBody(context))
            {
                // Kestrel's own limit (30 MB by default) would cut first; ours is the one that applies to forwarded bodies.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
                {
                    sizeFeature.MaxRequestBodySize = _options.MaxRequestBodyBytes;
                }

                // With both Transfer-Encoding and Content-Length the former wins (RFC 9112 6.3): the length is then unknown.
                bodyLength = context.Request.ContentLength is { } length && context.Request.Headers.TransferEncoding.Count == 0 ? length : -1;
                // The response-headers timeout counts from the end of the upload: each piece sent starts its wait again.
                body = new RequestBodySender(context.Request.Body, bodyLength.Value, _options.MaxRequestBodyBytes, cancellation.RestartHeadersTimer);
            }
        }

        var target = _pools.Get(upstream);
        using var exchange = new UpstreamExchange(_pools, target, body, upgradeFeature is not null, cancellation.Token);
        using (var head = new HeadBuffer())
        {
            ForwardedRequest.WriteHead(head, context, target, bodyLength, upgradeFeature is null ? null : "websocket");
            cancellation.StartHeadersTimer(_options.ResponseHeadersTimeout);
            try
            {
                await exchange.SendAsync(head.Written, context.Request.Method, _options.ConnectTimeout, _timeProvider);
            }
            catch (Exception ex)
            {
                cancellation.StopHeadersTimer();
                await exchange.EndAsync();
                return await SendFailedAsync(context, upstream, ex, body, cancellation);
            }
        }

        cancellation.StopHeadersTimer();
        try
        {
            var response = exchange.Connection.Head;
            if (upgradeFeature is not null && response.StatusCode == StatusCodes.Status101SwitchingProtocols)
            {
                return await TunnelAsync(context, upstream, exchange, upgradeFeature, cancellation);
            }

            return await CopyResponseAsync(context, upstream, exchange, cancellation);
        }
        finally
        {
            await exchange.EndAsync();
        }
    }

    /// <summary>The upgrade feature when this is a WebSocket handshake we can tunnel; null for every other request.</summary>
    private static IHttpUpgradeFeature? WebSocketUpgradeFeature(HttpContext context)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } feature)
        {
            return null;
        }

        foreach (var value in context.Request.Headers.Upgrade)
        {
            if (value is not null && value.Contains("websocket", StringComparison.OrdinalIgnoreCase))
            {
                return feature;
            }
        }

        return null;
    }

    private static void DisableLimitsForUpgrade(HttpContext context)
    {
        // A WebSocket session lasts as long as it lasts and carries as much as it carries.
        context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = null;
        }
    }

    private async Task<ForwardOutcome> SendFailedAsync(
        HttpContext context, Uri upstream, Exception error, RequestBodySender? body, ForwardCancellation cancellation)
    {
        var request = context.Request;
        if (cancellation.CallerCanceled)
        {
            context.Abort();
            return ForwardOutcome.Canceled;
        }

        if (cancellation.ClientAborted)
        {
            Log.ClientDisconnected(_logger, request.Method, request.Path, upstream);
            return ForwardOutcome.ClientDisconnected;
        }

        if (body is { TooLarge: true })
        {
            Log.RequestTooLarge(_logger, request.Method, request.Path, request.ContentLength is { } length ? $"Content-Length {length}" : "chunked", _options.MaxRequestBodyBytes);
            await AbortOrWriteAsync(context, StatusCodes.Status413PayloadTooLarge);
            return ForwardOutcome.RequestTooLarge;
        }

        if (body?.ClientFailure is { } clientFailure)
        {
            // The client's body broke off (reset, malformed chunk): nothing sensible can be answered on this connection.
            Log.ClientBodyFailed(_logger, request.Method, request.Path, clientFailure.Message);
            context.Abort();
            return ForwardOutcome.ClientDisconnected;
        }

        if (cancellation.TimedOut)
        {
            Log.UpstreamTimedOut(_logger, request.Method, request.Path, upstream, _options.ResponseHeadersTimeout);
            await AbortOrWriteAsync(context, StatusCodes.Status504GatewayTimeout);
            return ForwardOutcome.UpstreamTimeout;
        }

        Log.UpstreamUnreachable(_logger, request.Method, request.Path, upstream, error.Message);
        await AbortOrWriteAsync(context, StatusCodes.Status502BadGateway);
        return ForwardOutcome.UpstreamUnreachable;
    }

    private async Task<ForwardOutcome> CopyResponseAsync(HttpContext context, Uri upstream, UpstreamExchange exchange, ForwardCancellation cancellation)
    {
        var request = context.Request;
        var connection = exchange.Connection;
        var head = connection.Head;
        if (head.StatusCode == StatusCodes.Status101SwitchingProtocols)
        {
            // The upstream switched protocols for a request that did not ask to: there is nothing to forward it to.
            Log.UpstreamFailed(_logger, request.Method, request.Path, upstream, "unexpected 101 Switching Protocols");
            await AbortOrWriteAsync(context, StatusCodes.Status502BadGateway);
            return ForwardOutcome.UpstreamFailed;
        }

        ForwardedResponse.CopyHead(head, context.Response);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var (status, error, wrote) = await StreamCopier.CopyAsync(connection.Body, context.Response.BodyWriter, IsSmallBody(head), cancellation.Token);
        switch (status)
        {
            case StreamCopyStatus.Completed:
                ForwardedResponse.CopyTrailers(connection.Body.Trailers, context.Response);
                Log.Forwarded(_logger, request.Method, request.Path, upstream, context.Response.StatusCode);
                return ForwardOutcome.Success;
            case StreamCopyStatus.DestinationFailed:
                Log.ClientDisconnected(_logger, request.Method, request.Path, upstream);
                context.Abort();
                return ForwardOutcome.ClientDisconnected;
            case StreamCopyStatus.Canceled when cancellation.CallerCanceled:
                context.Abort();
                return ForwardOutcome.Canceled;
            case StreamCopyStatus.Canceled when cancellation.ClientAborted:
                Log.ClientDisconnected(_logger, request.Method, request.Path, upstream);
                return ForwardOutcome.ClientDisconnected;
            default:
                Log.UpstreamFailed(_logger, request.Method, request.Path, upstream, error?.Message ?? status.ToString());
                if (wrote)
                {
                    // Part of the body is in the response pipe (a short body is held until it ends): an error page would follow it.
                    context.Abort();
                }
                else
                {
                    await AbortOrWriteAsync(context, StatusCodes.Status502BadGateway);
                }

                return ForwardOutcome.UpstreamFailed;
        }
    }

    /// <summary>
    /// Whether the upstream announced a body of at most one receive buffer (Content-Length) that is not an event stream (which some
    /// apps send with a length): such a body needs no flush of its own.
    /// </summary>
    internal static bool IsSmallBody(ResponseHead head) =>
        !head.HasTransferEncoding && head.ContentLength is >= 0 and <= UpstreamConnection.BufferSize && !head.IsEventStream;

    private async Task<ForwardOutcome> TunnelAsync(
        HttpContext context, Uri upstream, UpstreamExchange exchange, IHttpUpgradeFeature upgradeFeature, ForwardCancellation cancellation)
    {
        var request = context.Request;
        var head = exchange.Connection.Head;
        ForwardedResponse.CopyHead(head, context.Response);
        // Kestrel puts "Connection: Upgrade" back itself; the Upgrade header (hop-by-hop, so not copied) is ours to restore.
        context.Response.Headers.Upgrade = head.Headers.Find(h => h.Name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)).Value ?? "websocket";

        Stream clientStream;
        try
        {
            clientStream = await upgradeFeature.UpgradeAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            Log.ClientDisconnected(_logger, request.Method, request.Path, upstream);
            return ForwardOutcome.ClientDisconnected;
        }

        Log.TunnelOpened(_logger, request.Path, upstream);
        var end = await UpgradeTunnel.RunAsync(clientStream, new UpstreamTunnelStream(exchange.Connection), cancellation.Token);
        Log.TunnelClosed(_logger, request.Path, upstream, end.ToString());
        switch (end)
        {
            case TunnelEnd.UpstreamFailed:
                context.Abort();
                return ForwardOutcome.UpstreamFailed;
            case TunnelEnd.Canceled when cancellation.CallerCanceled:
                context.Abort();
                return ForwardOutcome.Canceled;
            case TunnelEnd.ClientFailed or TunnelEnd.Canceled:
                return ForwardOutcome.ClientDisconnected;
            default:
                return ForwardOutcome.Success;
        }
    }

    /// <summary>The gateway's own page when nothing was sent yet; otherwise the only honest signal left is to abort the connection.</summary>
    private static Task AbortOrWriteAsync(HttpContext context, int statusCode)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        return ErrorResponses.WriteAsync(context, statusCode);
    }

    /// <summary>Closes the pooled upstream connections.</summary>
    public void Dispose() => _pools.Dispose();
}
