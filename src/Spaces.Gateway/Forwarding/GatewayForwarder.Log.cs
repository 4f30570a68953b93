using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Spaces.Gateway.Forwarding;

public sealed partial class GatewayForwarder
{
    // Paths only, never query strings: a private Space's access token may travel in the query.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Forwarded {Method} {Path} to {Upstream}: {StatusCode}")]
        public static partial void Forwarded(ILogger logger, string method, PathString path, Uri upstream, int statusCode);

        [LoggerMessage(2, LogLevel.Information, "Upstream {Upstream} unreachable for {Method} {Path}: {Reason}")]
        public static partial void UpstreamUnreachable(ILogger logger, string method, PathString path, Uri upstream, string reason);

        [LoggerMessage(3, LogLevel.Information, "Upstream {Upstream} sent no response headers within {Timeout} for {Method} {Path}")]
        public static partial void UpstreamTimedOut(ILogger logger, string method, PathString path, Uri upstream, TimeSpan timeout);

        [LoggerMessage(4, LogLevel.Information, "Upstream {Upstream} failed during {Method} {Path}: {Reason}")]
        public static partial void UpstreamFailed(ILogger logger, string method, PathString path, Uri upstream, string reason);

        [LoggerMessage(5, LogLevel.Debug, "Client went away during {Method} {Path} (upstream {Upstream}); the upstream call was cancelled")]
        public static partial void ClientDisconnected(ILogger logger, string method, PathString path, Uri upstream);

        [LoggerMessage(6, LogLevel.Debug, "Client's request body broke off during {Method} {Path}: {Reason}")]
        public static partial void ClientBodyFailed(ILogger logger, string method, PathString path, string reason);

        [LoggerMessage(7, LogLevel.Information, "Refused {Method} {Path}: the request body ({BodySize}) is over the limit of {Limit} bytes")]
        public static partial void RequestTooLarge(ILogger logger, string method, PathString path, string bodySize, long limit);

        [LoggerMessage(8, LogLevel.Debug, "WebSocket tunnel opened for {Path} to {Upstream}")]
        public static partial void TunnelOpened(ILogger logger, PathString path, Uri upstream);

        [LoggerMessage(9, LogLevel.Debug, "WebSocket tunnel for {Path} to {Upstream} ended: {End}")]
        public static partial void TunnelClosed(ILogger logger, PathString path, Uri upstream, string end);
    }
}
