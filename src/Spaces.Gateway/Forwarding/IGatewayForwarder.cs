using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Forwarding;

/// <summary>
/// Forwards one incoming request to an upstream HTTP server (a Space's container on its 127.0.0.1 port) and streams the answer back:
/// bodies streamed both ways, WebSocket upgrades tunnelled, hop-by-hop headers dropped, X-Forwarded-* set.
/// </summary>
public interface IGatewayForwarder
{
    /// <summary>
    /// Forwards <paramref name="context"/>'s request to <paramref name="upstream"/> (scheme, host, port and an optional base path; the
    /// request's PathBase, Path and QueryString are appended). Errors before the response started are written as 502/504/413 pages;
    /// afterwards the client connection is aborted. Never throws for upstream or client failures: the outcome says what happened.
    /// With <see cref="ForwarderOptions.InlineUpstreamCompletions"/> (the default) the returned task may complete on the socket
    /// engine's thread: code that awaits it must not block there (move to the pool first, as the Space gateway does for whatever
    /// request Kestrel starts next on that thread).
    /// </summary>
    /// <param name="context">The incoming request; its response is written.</param>
    /// <param name="upstream">Where to send it, e.g. <c>http://127.0.0.1:49153/</c>.</param>
    /// <param name="cancellationToken">Cancels the forwarding (e.g. shutdown): the outcome is then <see cref="ForwardOutcome.Canceled"/>.</param>
    Task<ForwardOutcome> ForwardAsync(HttpContext context, Uri upstream, CancellationToken cancellationToken = default);
}
