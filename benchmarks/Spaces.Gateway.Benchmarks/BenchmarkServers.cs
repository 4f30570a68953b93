using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Benchmarks;

/// <summary>
/// The two Kestrel apps of the benchmark, each run in its own child process (like a Space's container and the platform):
/// the upstream answering a short text, and the gateway forwarding everything to it. Each prints its address, then runs until
/// its standard input closes (so it never outlives the benchmark).
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
            app.Run(async context => await forwarder.ForwardAsync(context, upstream));
        },
        services => services.AddGatewayForwarder());

    private static async Task RunAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });
        services?.Invoke(builder.Services);
        await using var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Console.WriteLine($"LISTENING {address}");
        // Until the benchmark closes our standard input, or the process is asked to stop (SIGTERM, Ctrl+C).
        await Task.WhenAny(Console.In.ReadToEndAsync(), ((IHost)app).WaitForShutdownAsync());
        await app.StopAsync();
    }
}
