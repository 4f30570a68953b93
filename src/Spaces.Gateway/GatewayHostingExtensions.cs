using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway;

/// <summary>The web host settings the gateway's throughput depends on (docs/benchmarks.md, "Gateway").</summary>
public static class GatewayHostingExtensions
{
    /// <summary>
    /// Kestrel's socket transport continues a connection's work on the thread its socket completion arrived on
    /// (<c>UnsafePreferInlineScheduling</c>) instead of queueing it to the thread pool once more: a proxied request crosses two sockets
    /// each way, and on a small host those extra hand-offs cost about a tenth of the gateway's CPU per request (measured). It is safe
    /// here because the completions of the clients' sockets still run on thread-pool threads (the process does not set
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>), so code that blocks — SQLite under EF Core, git — blocks a pool thread as it
    /// would anyway, never the socket engine's event loop. Only the forwarder's upstream sockets complete on that loop
    /// (<see cref="Forwarding.ForwarderOptions.InlineUpstreamCompletions"/>), and the gateway moves any request that starts there to the
    /// pool. Applies to every listener of the host; the platform's own pages behave the same.
    /// A connection's receive buffer is taken when it waits for its next request (<c>WaitForDataBeforeAllocatingBuffer</c> off) instead
    /// of after a zero-byte read said data had come: one system call and one epoll round fewer per request, about a tenth more
    /// requests per second through the gateway (measured), for a 4 KiB block from Kestrel's pool held by each idle keep-alive connection
    /// (40 MiB for 10,000 of them).
    /// Response header values are written as Latin-1 (one byte per character) instead of ASCII-only: the forwarder reads an upstream's
    /// header bytes as Latin-1, so bytes beyond ASCII (a UTF-8 file name in Content-Disposition) reach the client as the app sent them,
    /// where Kestrel's default would refuse the header.
    /// Every endpoint configured after this call (and every one bound from URLs) first passes its connections to the gateway's
    /// <see cref="Routing.SpaceConnections"/> when the host registered the gateway (<see cref="GatewayServiceCollectionExtensions.AddSpacesGateway"/>):
    /// the connections of running public Spaces are served there, all others go on to Kestrel's HTTP server untouched.
    /// </summary>
    public static IWebHostBuilder UseSpacesGatewayHosting(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureKestrel(o =>
        {
            o.ResponseHeaderEncodingSelector = static _ => Encoding.Latin1;
            o.ConfigureEndpointDefaults(static listen => listen.Use(next =>
                listen.ApplicationServices.GetService<SpaceConnections>() is { Enabled: true } connections
                    ? connection => connections.ServeAsync(connection, next)
                    : next));
        });
        return builder.UseSockets(o =>
        {
            o.UnsafePreferInlineScheduling = true;
            o.WaitForDataBeforeAllocatingBuffer = false;
        });
    }
}
