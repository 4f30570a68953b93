using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spaces.Gateway.Forwarding;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>A real Kestrel app on 127.0.0.1:0 whose only endpoint forwards everything to one upstream through <see cref="GatewayForwarder"/>.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ForwardOutcome>> _outcomes = new();
    private readonly ConcurrentDictionary<string, bool> _continuedOnThreadPool = new();

    private TestGateway(WebApplication app)
    {
        _app = app;
        Forwarder = app.Services.GetRequiredService<GatewayForwarder>();
    }

    /// <summary>The forwarder (its connection pools can be looked at).</summary>
    public GatewayForwarder Forwarder { get; }

    public Uri Address { get; private set; } = null!;

    public static async Task<TestGateway> StartAsync(Uri upstream, Action<ForwarderOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSpacesGatewayHosting();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddGatewayForwarder(configure);
        var app = builder.Build();
        var gateway = new TestGateway(app);
        var forwarder = app.Services.GetRequiredService<IGatewayForwarder>();
        app.Run(async context =>
        {
            var outcome = await forwarder.ForwardAsync(context, upstream);
            if (context.Request.Query["id"] is [{ } id])
            {
                gateway._continuedOnThreadPool[id] = Thread.CurrentThread.IsThreadPoolThread;
                gateway.Outcome(id).TrySetResult(outcome);
            }
        });
        await app.StartAsync();
        gateway.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return gateway;
    }

    /// <summary>How the forwarding of the request carrying <c>?id=<paramref name="id"/></c> ended.</summary>
    public async Task<ForwardOutcome> OutcomeAsync(string id) => await Outcome(id).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Whether the code after <c>ForwardAsync</c> of the request carrying <c>?id=<paramref name="id"/></c> ran on a thread-pool thread.</summary>
    public async Task<bool> ContinuedOnThreadPoolAsync(string id)
    {
        await OutcomeAsync(id);
        return _continuedOnThreadPool[id];
    }

    public Uri Url(string pathAndQuery) => new(Address, pathAndQuery);

    private TaskCompletionSource<ForwardOutcome> Outcome(string id) =>
        _outcomes.GetOrAdd(id, _ => new TaskCompletionSource<ForwardOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
