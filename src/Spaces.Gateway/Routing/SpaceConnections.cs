using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Forwarding.Http1;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Serves the HTTP/1.1 connections of running public Spaces below Kestrel's HTTP layer, as an event-loop proxy does: each request head is
/// read off the connection (<see cref="RequestHeadParser"/>), routed from memory (<see cref="SpaceRoutes"/>) and forwarded with the
/// answer written straight into the connection (<see cref="GatewayForwarder"/>'s direct path). The first request of any other kind —
/// the platform's, a private or stopped Space's, one with a body or an upgrade, anything unusual or malformed — is left unread, and
/// Kestrel's HTTP server serves the connection from there to its end (docs/benchmarks.md, "Gateway"). Installed on every endpoint by
/// <see cref="GatewayHostingExtensions.UseSpacesGatewayHosting"/>; <see cref="GatewayOptions.DirectSpaceConnections"/> turns it off.
/// </summary>
internal sealed partial class SpaceConnections : IDisposable
{
    private readonly SpaceRoutes _routes;
    private readonly GatewayForwarder _forwarder;
    private readonly ConnectionDeadlines _deadlines;
    private readonly KestrelServerLimits _limits;
    private readonly CancellationToken _stopping;
    private readonly bool _inline;
    private readonly ILogger<SpaceConnections> _logger;
    private long _served;
    private long _handedOver;

    public SpaceConnections(
        SpaceRoutes routes,
        GatewayForwarder forwarder,
        IOptions<GatewayOptions> options,
        IOptions<KestrelServerOptions> kestrel,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<SpaceConnections> logger)
    {
        _routes = routes;
        _forwarder = forwarder;
        _deadlines = new ConnectionDeadlines(time);
        _limits = kestrel.Value.Limits;
        _stopping = lifetime.ApplicationStopping;
        _inline = options.Value.RunsSpaceConnectionsInline;
        Enabled = options.Value.DirectSpaceConnections;
        _logger = logger;
    }

    /// <summary>Whether connections are read here at all (<see cref="GatewayOptions.DirectSpaceConnections"/>).</summary>
    public bool Enabled { get; }

    /// <summary>How many connections had at least one request served here.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>How many connections were handed to Kestrel's HTTP server after their first request or later ones.</summary>
    public long HandedOver => Interlocked.Read(ref _handedOver);

    /// <summary>Serves <paramref name="connection"/>, then or from its first request on, through <paramref name="next"/> (Kestrel's HTTP server).</summary>
    public async Task ServeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        bool handOver;
        using (var state = new ConnectionState(connection, this))
        {
            handOver = await ServeRequestsAsync(state, socket);
        }

        if (handOver)
        {
            Interlocked.Increment(ref _handedOver);
            if (_inline && socket is not null)
            {
                InlineSocketCompletions.TrySet(socket, false);
            }

            // Kestrel's server may block (the platform's pages query the database): never on a socket engine thread.
            if (!Thread.CurrentThread.IsThreadPoolThread)
            {
                await Task.Yield();
            }

            await next(connection);
        }
    }

    // Serves requests until the connection ends (false) or one is left for Kestrel's server (true).
    private async Task<bool> ServeRequestsAsync(ConnectionState state, Socket? socket)
    {
        var connection = state.Connection;
        var input = connection.Transport.Input;
        var head = state.Head;
        var watch = state.Watch;
        var requests = 0;
        while (true)
        {
            var waitedForHead = false;
            // As Kestrel times a connection: the keep-alive timeout until a request's first bytes, then the head timeout.
            watch.Start(_limits.KeepAliveTimeout);
            ReadResult result;
            RequestHeadStatus status;
            SequencePosition end;
            while (true)
            {
                result = await input.ReadAsync();
                if (result.IsCanceled && (watch.Expired || state.ClosingRequested))
                {
                    // The client took too long, or the server is stopping: the connection ends between requests.
                    input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                    return false;
                }

                status = RequestHeadParser.TryParse(result.Buffer, head, out end);
                if (status != RequestHeadStatus.Incomplete || result.IsCompleted)
                {
                    break;
                }

                // Part of a head: the rest must come within the head timeout, counted from its first bytes.
                if (!waitedForHead && !result.Buffer.IsEmpty)
                {
                    waitedForHead = true;
                    watch.Start(_limits.RequestHeadersTimeout);
                }

                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }

            watch.Stop();
            if (status == RequestHeadStatus.Incomplete)
            {
                // The client closed its side: between requests that is the normal end; within a head there is nothing to answer.
                input.AdvanceTo(result.Buffer.End);
                return false;
            }

            var route = default(KnownRoute);
            var routed = false;
            if (status == RequestHeadStatus.Complete && _routes.TryParseHost(head.Host, out var host))
            {
                // Not all in memory (a connection's first request, a lookup that expired): asked for on the pool, as the HTTP front
                // would, then looked up again.
                routed = _routes.TryRouteFromMemory(host, out route)
                    || (await LoadRouteAsync(host, connection.ConnectionClosed) && _routes.TryRouteFromMemory(host, out route));
            }

            if (!routed)
            {
                // Left unread: Kestrel's server reads this request and serves the connection from here on.
                input.AdvanceTo(result.Buffer.Start);
                return true;
            }

            input.AdvanceTo(end);
            if (requests++ == 0)
            {
                Interlocked.Increment(ref _served);
                if (_inline && socket is not null)
                {
                    // Serving a route from memory blocks nowhere: the connection's next requests may start where epoll reports them.
                    InlineSocketCompletions.TrySet(socket, true);
                }
            }

            PlatformCredentials.StripFrom(head);
            _routes.ReportActivity(route.Space);
            var platform = _routes.Platform.For("http", PortOf(head.Host));
            var (outcome, keepAlive) = await _forwarder.ForwardAsync(
                state.Client, head, _routes.Upstream(route.Endpoint.HostPort), SpaceResponseHeaders.ForConnection(route.Config, platform));
            if (outcome is ForwardOutcome.UpstreamUnreachable or ForwardOutcome.UpstreamTimeout or ForwardOutcome.UpstreamFailed)
            {
                Log.UpstreamProblem(_logger, route.Space.Id, route.Endpoint.HostPort, outcome);
            }

            if (!keepAlive)
            {
                return false;
            }
        }
    }

    private async Task<bool> LoadRouteAsync(SpaceHost host, CancellationToken cancellationToken)
    {
        if (!Thread.CurrentThread.IsThreadPoolThread)
        {
            await Task.Yield();
        }

        try
        {
            await _routes.LoadAsync(host, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel's server serves the request instead, and answers the failure with the gateway's page.
            Log.LoadFailed(_logger, host.Label, ex);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // A Space's host is a DNS name: its port, if any, follows the last colon.
    private static int? PortOf(ReadOnlySpan<byte> host)
    {
        var colon = host.LastIndexOf((byte)':');
        return colon >= 0 && Utf8Parser.TryParse(host[(colon + 1)..], out int port, out var used) && used == host.Length - colon - 1 ? port : null;
    }

    public void Dispose() => _deadlines.Dispose();

    /// <summary>What a connection read here holds while it is: its head buffer, its wait, and for the forwarder its client state.</summary>
    private sealed class ConnectionState : IDisposable
    {
        private readonly SpaceConnections _owner;
        private readonly IConnectionLifetimeNotificationFeature? _lifetime;
        private readonly CancellationTokenRegistration? _closing;
        private DirectClient? _client;

        public ConnectionState(ConnectionContext connection, SpaceConnections owner)
        {
            _owner = owner;
            Connection = connection;
            var input = connection.Transport.Input;
            Watch = owner._deadlines.Add(static s => ((PipeReader)s).CancelPendingRead(), input);
            // A server stopping asks its connections to close: one waiting for its next request ends at once.
            _lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
            _closing = _lifetime?.ConnectionClosedRequested.UnsafeRegister(static s => ((PipeReader)s!).CancelPendingRead(), input);
        }

        public ConnectionContext Connection { get; }

        public RequestHead Head { get; } = new();

        /// <summary>The wait for the client's next request head.</summary>
        public ConnectionDeadlines.Watch Watch { get; }

        public bool ClosingRequested => _lifetime?.ConnectionClosedRequested.IsCancellationRequested == true;

        /// <summary>The forwarder's state for this client, made at its first forwarded request.</summary>
        public DirectClient Client => _client ??= new DirectClient(Connection, _owner._deadlines, _owner._stopping);

        public void Dispose()
        {
            _closing?.Dispose();
            Watch.Dispose();
            _client?.Dispose();
            Head.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Space {SpaceId} on 127.0.0.1:{Port}: {Outcome}")]
        public static partial void UpstreamProblem(ILogger logger, long spaceId, int port, ForwardOutcome outcome);

        [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Looking up the route of {Label} failed; the HTTP server serves the request")]
        public static partial void LoadFailed(ILogger logger, string label, Exception exception);
    }
}
