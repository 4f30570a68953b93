using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Routing;

/// <summary>The platform's own origin as seen from a Space's origin: for links back to the Space's page and for frame-ancestors.</summary>
internal static class PlatformOrigin
{
    /// <summary>
    /// <see cref="GatewayOptions.PlatformOrigin"/> when configured; otherwise the request's scheme and port on the apps domain's parent
    /// (<c>alice--demo.spaces.localhost:5080</c> gives <c>http://localhost:5080</c>), or on the apps domain itself when it has no parent.
    /// </summary>
    public static string For(HttpRequest request, string appsDomain, GatewayOptions options) =>
        For(request.Scheme, request.Host.Port, appsDomain, options);

    /// <summary><see cref="For(HttpRequest, string, GatewayOptions)"/> for a request with <paramref name="scheme"/> and Host <paramref name="port"/>.</summary>
    public static string For(string scheme, int? port, string appsDomain, GatewayOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PlatformOrigin))
        {
            return options.PlatformOrigin.Trim().TrimEnd('/');
        }

        var domain = appsDomain.Trim().TrimEnd('.');
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        var host = dot > 0 ? domain[(dot + 1)..] : domain;
        return $"{scheme}://{host}{(port is { } p ? $":{p}" : "")}".ToLowerInvariant();
    }

    /// <summary>
    /// <see cref="PlatformOrigin.For(string, int?, string, GatewayOptions)"/>, made once per scheme and port and kept (with the <c>frame-ancestors</c> policy that names it) while requests keep
    /// arriving with them: the gateway needs it for every response. Thread-safe; a request with another scheme or port replaces it.
    /// </summary>
    internal sealed class Cache(string appsDomain, GatewayOptions options)
    {
        private Known? _last;

        public Known For(HttpRequest request) => For(request.Scheme, request.Host.Port);

        /// <summary>The origin for a request with <paramref name="scheme"/> and Host <paramref name="port"/>.</summary>
        public Known For(string scheme, int? port)
        {
            var last = _last;
            if (last is not null && last.Port == port && string.Equals(last.Scheme, scheme, StringComparison.Ordinal))
            {
                return last;
            }

            var origin = PlatformOrigin.For(scheme, port, appsDomain, options);
            return _last = new Known(scheme, port, origin, SpaceResponseHeaders.FramedBy(origin));
        }
    }

    /// <summary>The platform's origin for requests with <paramref name="Scheme"/> and <paramref name="Port"/>.</summary>
    /// <param name="Scheme">The request's scheme.</param>
    /// <param name="Port">The port of the request's Host, if it named one.</param>
    /// <param name="Origin">The platform's origin, e.g. <c>http://localhost:5080</c>.</param>
    /// <param name="FrameAncestors">The policy that lets only the platform frame an app.</param>
    internal sealed record Known(string Scheme, int? Port, string Origin, string FrameAncestors);

    /// <summary>The Space's page on the platform: <c>{origin}/spaces/{owner}/{name}</c>.</summary>
    public static string SpacePage(string origin, string owner, string name) =>
        $"{origin}/spaces/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
}
