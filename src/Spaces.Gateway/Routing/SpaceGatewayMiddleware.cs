using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Gateway.Forwarding;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Stages;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Serves every Space at its own origin <c>{owner}--{name}.{AppsDomain}</c>: finds the Space from the Host header, checks who may see
/// it, then forwards to its container's 127.0.0.1 port, serves its static files, wakes it, or shows a page saying why the app is not
/// there. Requests for any other host go on to the platform untouched.
/// </summary>
internal sealed partial class SpaceGatewayMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SpaceRoutes _routes;
    private readonly SpaceDirectory _directory;
    private readonly SpaceAppAccess _access;
    private readonly SpaceAppSettings _settings;
    private readonly StaticSpaceFiles _files;
    private readonly ISpaceControl _control;
    private readonly SpaceStageStore _stages;
    private readonly IGatewayForwarder _forwarder;
    private readonly GatewayOptions _options;
    private readonly CancellationToken _stopping;
    private readonly ILogger<SpaceGatewayMiddleware> _logger;
    private readonly PlatformOrigin.Cache _platform;
    private readonly bool _inlineConnections;

    public SpaceGatewayMiddleware(
        RequestDelegate next,
        SpaceRoutes routes,
        SpaceDirectory directory,
        SpaceAppAccess access,
        SpaceAppSettings settings,
        StaticSpaceFiles files,
        ISpaceControl control,
        SpaceStageStore stages,
        IGatewayForwarder forwarder,
        IOptions<GatewayOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<SpaceGatewayMiddleware> logger)
    {
        _next = next;
        _routes = routes;
        _directory = directory;
        _access = access;
        _settings = settings;
        _files = files;
        _control = control;
        _stages = stages;
        _forwarder = forwarder;
        _options = options.Value;
        _platform = routes.Platform;
        _stopping = lifetime.ApplicationStopping;
        _inlineConnections = _options.RunsSpaceConnectionsInline;
        _logger = logger;
        Log.Threading(logger, GatewaySocketEngines.Count ?? 0, Environment.ProcessorCount, _inlineConnections);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var isSpace = _routes.TryParseHost(context.Request.Headers.Host.ToString(), out var host);
        var route = default(KnownRoute);
        var fromMemory = isSpace && _routes.TryRouteFromMemory(host, out route);
        if (_inlineConnections)
        {
            // Nothing on a route from memory blocks: the connection may go on with its next requests where its socket reports them.
            // Any other request takes its connection off the engine thread.
            SetConnectionInline(context, fromMemory);
        }

        if (fromMemory)
        {
            return ServeAsync(context, host, route);
        }

        if (!Thread.CurrentThread.IsThreadPoolThread)
        {
            return ContinueOnThreadPoolAsync(context, isSpace ? host : null);
        }

        return isSpace ? ServeAsync(context, host, null) : _next(context);
    }

    // A request served on a socket engine thread leaves it only to wait for I/O; anything else must not run there: a database query or
    // a git call would stall every socket that engine serves. Only for HTTP/1.x, whose requests on a connection follow one another, so
    // the switch concerns this request alone (HTTP/2 streams share their connection's socket).
    private static void SetConnectionInline(HttpContext context, bool inline)
    {
        var protocol = context.Request.Protocol;
        if ((HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
            && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            InlineSocketCompletions.TrySet(socket, inline);
        }
    }

    // The request started on a socket engine thread: its connection carried a Space request served there before, or an upstream's
    // answer completed there and Kestrel went on with the connection's next request. Move to the pool before anything else runs.
    private async Task ContinueOnThreadPoolAsync(HttpContext context, SpaceHost? host)
    {
        await Task.Yield();
        await (host is { } space ? ServeAsync(context, space, null) : _next(context));
    }

    private async Task ServeAsync(HttpContext context, SpaceHost host, KnownRoute? known)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            if (known is { } route)
            {
                Admit(context, route.Space);
                Report(await ForwardAsync(context, route.Endpoint, route.Config, _platform.For(context.Request)), route.Space, route.Endpoint);
            }
            else
            {
                await RouteAsync(context, host, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The visitor went away.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            Log.Failed(_logger, host.Label, ex);
            context.Response.Clear();
            await GatewayPages.WriteAsync(context, new GatewayPage(StatusCodes.Status500InternalServerError, "500: the gateway failed",
                "Something went wrong while serving this Space. Try again in a moment."), CancellationToken.None);
        }
    }

    // The visitor may use the app: the platform's own credentials never reach it, and the Space's sleep timer starts again.
    private void Admit(HttpContext context, Repo space)
    {
        PlatformCredentials.StripFrom(context.Request);
        _routes.ReportActivity(space);
    }

    private async Task RouteAsync(HttpContext context, SpaceHost host, CancellationToken cancellationToken)
    {
        var space = await _directory.FindAsync(host, cancellationToken);
        var access = space is null ? AppAccess.Denied : await _access.CheckAsync(context, space, cancellationToken);
        if (access == AppAccess.Answered)
        {
            return;
        }

        var platform = _platform.For(context.Request);
        if (space is null || access == AppAccess.Denied)
        {
            await WritePageAsync(context, GatewayPages.NotFound, platform, cancellationToken);
            return;
        }

        Admit(context, space);
        if (await _control.GetEndpointAsync(space.Id, cancellationToken) is { } endpoint)
        {
            await ForwardAsync(context, space, endpoint, platform, cancellationToken);
            return;
        }

        var runtime = await _stages.GetAsync(space.Id, cancellationToken);
        var spacePage = PlatformOrigin.SpacePage(platform.Origin, space.Owner?.Name ?? host.Owner, space.Name);
        switch (runtime?.Stage)
        {
            case SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting
                when (runtime.RunningRevision ?? space.HeadCommit) is { } revision
                && await _settings.GetAsync(space, revision, cancellationToken) is { IsStatic: true } config:
                SpaceResponseHeaders.ApplyOnStarting(context.Response, config, platform);
                await _files.ServeAsync(context, space, revision, config, cancellationToken);
                return;
            case SpaceStage.Sleeping:
                await WakeAsync(context, space, runtime, platform, spacePage, cancellationToken);
                return;
            default:
                await WritePageAsync(context, SpaceStatusPages.For(space, runtime, spacePage, _options.StatusPageRefreshSeconds), platform, cancellationToken);
                return;
        }
    }

    private async Task ForwardAsync(HttpContext context, Repo space, SpaceEndpoint endpoint, PlatformOrigin.Known platform, CancellationToken cancellationToken) =>
        Report(await ForwardAsync(context, endpoint, await _settings.GetAsync(space, endpoint.Revision, cancellationToken), platform), space, endpoint);

    // Only ever the port the engine published on loopback: never a container's own address. The forwarder watches the client itself.
    private Task<ForwardOutcome> ForwardAsync(HttpContext context, SpaceEndpoint endpoint, SpaceAppConfig config, PlatformOrigin.Known platform)
    {
        SpaceResponseHeaders.ApplyOnStarting(context.Response, config, platform);
        return _forwarder.ForwardAsync(context, _routes.Upstream(endpoint.HostPort), _stopping);
    }

    private void Report(ForwardOutcome outcome, Repo space, SpaceEndpoint endpoint)
    {
        if (outcome is ForwardOutcome.UpstreamUnreachable or ForwardOutcome.UpstreamTimeout or ForwardOutcome.UpstreamFailed)
        {
            Log.UpstreamProblem(_logger, space.Id, endpoint.HostPort, outcome);
        }
    }

    // A browser navigation gets the "waking up" page at once (it reloads itself) while the Space starts; other clients wait for it,
    // bounded by the runtime's wake timeout, and are then forwarded.
    private async Task WakeAsync(HttpContext context, Repo space, SpaceRuntime runtime, PlatformOrigin.Known platform, string spacePage, CancellationToken cancellationToken)
    {
        if (IsBrowserNavigation(context.Request))
        {
            _ = WakeInBackgroundAsync(space);
            await WritePageAsync(context, SpaceStatusPages.Waking(space, runtime, spacePage, _options.StatusPageRefreshSeconds), platform, cancellationToken);
            return;
        }

        Log.Waking(_logger, space.Id);
        if (await _control.WakeAsync(space, cancellationToken) && await _control.GetEndpointAsync(space.Id, cancellationToken) is { } endpoint)
        {
            await ForwardAsync(context, space, endpoint, platform, cancellationToken);
            return;
        }

        var now = await _stages.GetAsync(space.Id, cancellationToken);
        var page = now?.Stage == SpaceStage.Sleeping
            ? SpaceStatusPages.Waking(space, now, spacePage, _options.StatusPageRefreshSeconds)
            : SpaceStatusPages.For(space, now, spacePage, _options.StatusPageRefreshSeconds);
        await WritePageAsync(context, page, platform, cancellationToken);
    }

    private async Task WakeInBackgroundAsync(Repo space)
    {
        try
        {
            Log.Waking(_logger, space.Id);
            // Not tied to the request: the page reloads, and the wake (shared by concurrent callers, bounded by its timeout) goes on.
            await Task.Yield();
            await _control.WakeAsync(space, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.WakeFailed(_logger, space.Id, ex);
        }
    }

    private static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static Task WritePageAsync(HttpContext context, GatewayPage page, PlatformOrigin.Known platform, CancellationToken cancellationToken)
    {
        SpaceResponseHeaders.Apply(context.Response, SpaceAppConfig.Default, platform);
        return GatewayPages.WriteAsync(context, page, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5100, Level = LogLevel.Error, Message = "Serving the Space origin {Label} failed")]
        public static partial void Failed(ILogger logger, string label, Exception exception);

        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Waking Space {SpaceId} for a request")]
        public static partial void Waking(ILogger logger, long spaceId);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Waking Space {SpaceId} failed")]
        public static partial void WakeFailed(ILogger logger, long spaceId, Exception exception);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Space {SpaceId} on 127.0.0.1:{Port}: {Outcome}")]
        public static partial void UpstreamProblem(ILogger logger, long spaceId, int port, ForwardOutcome outcome);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Information,
            Message = "Gateway: {Engines} socket engine thread(s) for {Cores} core(s); Space connections routed from memory run on them: {Inline}")]
        public static partial void Threading(ILogger logger, int engines, int cores, bool inline);
    }
}
