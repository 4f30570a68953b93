using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Headers every response of a Space's origin carries: the Space's <c>custom_headers</c> (COEP/COOP/CORP, replacing the app's own) and a
/// <c>Content-Security-Policy</c> whose <c>frame-ancestors</c> lets only the platform frame the app, or no one with <c>disable_embedding</c>.
/// The policy is sent as an extra header, so an app's own policy still applies (browsers enforce every policy they get).
/// </summary>
internal static class SpaceResponseHeaders
{
    /// <summary>The <c>frame-ancestors</c> policy for <paramref name="config"/>.</summary>
    public static string FrameAncestors(SpaceAppConfig config, string platformOrigin) =>
        config.DisableEmbedding ? "frame-ancestors 'none'" : $"frame-ancestors 'self' {platformOrigin}";

    /// <summary>Adds the headers to <paramref name="response"/> now (its headers must still be writable).</summary>
    public static void Apply(HttpResponse response, SpaceAppConfig config, string platformOrigin)
    {
        foreach (var (name, value) in config.Headers)
        {
            response.Headers[name] = value;
        }

        response.Headers.Append(HeaderNames.ContentSecurityPolicy, FrameAncestors(config, platformOrigin));
    }

    /// <summary>Adds the headers just before <paramref name="response"/> starts, after whatever the app or the forwarder copied.</summary>
    public static void ApplyOnStarting(HttpResponse response, SpaceAppConfig config, string platformOrigin) =>
        response.OnStarting(() =>
        {
            Apply(response, config, platformOrigin);
            return Task.CompletedTask;
        });
}
