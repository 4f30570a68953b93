using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Headers every response of a Space's origin carries: the Space's <c>custom_headers</c> (COEP/COOP/CORP, replacing the app's own) and a
/// <c>Content-Security-Policy</c> whose <c>frame-ancestors</c> lets only the platform frame the app, or no one with <c>disable_embedding</c>.
/// The policy is sent as an extra header, so an app's own policy still applies (browsers enforce every policy they get).
/// </summary>
internal static class SpaceResponseHeaders
{
    private const string NoFraming = "frame-ancestors 'none'";

    private static readonly ConditionalWeakTable<SpaceAppConfig, MadeHeaders> Made = new();

    /// <summary>The <c>frame-ancestors</c> policy that lets only the platform at <paramref name="platformOrigin"/> frame an app.</summary>
    public static string FramedBy(string platformOrigin) => $"frame-ancestors 'self' {platformOrigin}";

    /// <summary>The <c>frame-ancestors</c> policy for <paramref name="config"/>.</summary>
    public static string FrameAncestors(SpaceAppConfig config, PlatformOrigin.Known platform) =>
        config.DisableEmbedding ? NoFraming : platform.FrameAncestors;

    /// <summary>Adds the headers to <paramref name="response"/> now (its headers must still be writable).</summary>
    public static void Apply(HttpResponse response, SpaceAppConfig config, PlatformOrigin.Known platform)
    {
        var headers = config.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            response.Headers[headers[i].Key] = headers[i].Value;
        }

        response.Headers.Append(HeaderNames.ContentSecurityPolicy, FrameAncestors(config, platform));
    }

    /// <summary>
    /// The headers as a connection the gateway serves itself writes them: made once per settings and platform origin (both are shared
    /// objects, replaced when they change).
    /// </summary>
    public static AddedResponseHeaders ForConnection(SpaceAppConfig config, PlatformOrigin.Known platform)
    {
        if (Made.TryGetValue(config, out var made) && ReferenceEquals(made.Platform, platform))
        {
            return made.Headers;
        }

        var headers = new AddedResponseHeaders(config.Headers, [new(HeaderNames.ContentSecurityPolicy, FrameAncestors(config, platform))]);
        Made.AddOrUpdate(config, new MadeHeaders(platform, headers));
        return headers;
    }

    /// <summary>Adds the headers just before <paramref name="response"/> starts, after whatever the app or the forwarder copied.</summary>
    public static void ApplyOnStarting(HttpResponse response, SpaceAppConfig config, PlatformOrigin.Known platform) =>
        response.OnStarting(
            static state =>
            {
                var (response, config, platform) = ((HttpResponse, SpaceAppConfig, PlatformOrigin.Known))state;
                Apply(response, config, platform);
                return Task.CompletedTask;
            },
            (response, config, platform));

    private sealed record MadeHeaders(PlatformOrigin.Known Platform, AddedResponseHeaders Headers);
}
