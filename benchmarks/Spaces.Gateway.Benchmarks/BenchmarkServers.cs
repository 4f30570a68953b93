using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Benchmarks;

/// <summary>
/// The Kestrel apps of the benchmark, each run in its own child process (like a Space's container and the platform):
/// the upstream answering a short text, the bare forwarder sending everything to it, and the Space origin
/// (<see cref="SpaceOriginServer"/>). Each prints its address, then runs until its standard input closes (so it never outlives the
/// benchmark). <c>SPACES_BENCH_DEFAULT_KESTREL=1</c> (through <c>--gateway-env</c>) leaves the proxies on Kestrel's defaults, to compare.
/// </summary>
internal static class BenchmarkServers
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("Hello, World!");

    public static Task RunUpstreamAsync() => RunAsync(app => app.Run(context =>
    {
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = Hello.Length;
        return context.Response.Body.WriteAsync(Hello).AsTask();
    }));

    public static Task RunGatewayAsync(Uri upstream) => RunAsync(
        app =>
        {
            var forwarder = app.Services.GetRequiredService<IGatewayForwarder>();
            app.Run(async context =>
            {
                // The bare forwarder blocks nowhere: every connection runs where its socket reports it, as the gateway runs the
                // connections of a Space routed from memory (GatewayOptions.InlineSpaceConnections).
                if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                {
                    InlineSocketCompletions.TryPrefer(socket);
                }

                await forwarder.ForwardAsync(context, upstream);
            });
        },
        services => services.AddGatewayForwarder());

    /// <summary>
    /// Runs a Kestrel app on a free loopback port. A proxy (<paramref name="services"/> given) gets the platform's host settings
    /// (<see cref="GatewayHostingExtensions.UseSpacesGatewayHosting"/>); the upstream keeps Kestrel's defaults, as a Space's app would.
    /// </summary>
    internal static async Task RunAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null, Func<IServiceProvider, Task>? prepare = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (services is not null && Environment.GetEnvironmentVariable("SPACES_BENCH_DEFAULT_KESTREL") != "1")
        {
            builder.WebHost.UseSpacesGatewayHosting();
        }

        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });
        services?.Invoke(builder.Services);
        await using var app = builder.Build();
        map(app);
        if (prepare is not null)
        {
            await prepare(app.Services);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Console.WriteLine($"LISTENING {address}");
        // Until the benchmark closes our standard input, or the process is asked to stop (SIGTERM, Ctrl+C).
        await Task.WhenAny(Console.In.ReadToEndAsync(), ((IHost)app).WaitForShutdownAsync());
        await app.StopAsync();
    }
}
