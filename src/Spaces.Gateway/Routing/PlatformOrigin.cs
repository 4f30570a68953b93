using Microsoft.AspNetCore.Http;

namespace Spaces.Gateway.Routing;

/// <summary>The platform's own origin as seen from a Space's origin: for links back to the Space's page and for frame-ancestors.</summary>
internal static class PlatformOrigin
{
    /// <summary>
    /// <see cref="GatewayOptions.PlatformOrigin"/> when configured; otherwise the request's scheme and port on the apps domain's parent
    /// (<c>alice--demo.spaces.localhost:5080</c> gives <c>http://localhost:5080</c>), or on the apps domain itself when it has no parent.
    /// </summary>
    public static string For(HttpRequest request, string appsDomain, GatewayOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PlatformOrigin))
        {
            return options.PlatformOrigin.Trim().TrimEnd('/');
        }

        var domain = appsDomain.Trim().TrimEnd('.');
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        var host = dot > 0 ? domain[(dot + 1)..] : domain;
        var port = request.Host.Port is { } p ? $":{p}" : "";
        return $"{request.Scheme}://{host}{port}".ToLowerInvariant();
    }

    /// <summary>The Space's page on the platform: <c>{origin}/spaces/{owner}/{name}</c>.</summary>
    public static string SpacePage(string origin, string owner, string name) =>
        $"{origin}/spaces/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
}
