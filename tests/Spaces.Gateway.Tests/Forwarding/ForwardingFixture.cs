using System.Net;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>One upstream and one gateway with default options per test class, plus a client that talks to the gateway.</summary>
public sealed class ForwardingFixture : IAsyncLifetime
{
    internal TestUpstream Upstream { get; private set; } = null!;

    internal TestGateway Gateway { get; private set; } = null!;

    public HttpClient Client { get; } = CreateClient();

    public async Task InitializeAsync()
    {
        Upstream = await TestUpstream.StartAsync();
        Gateway = await TestGateway.StartAsync(Upstream.Address);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>A client that takes what it gets: no proxy, no redirects, no decompression.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };
}
