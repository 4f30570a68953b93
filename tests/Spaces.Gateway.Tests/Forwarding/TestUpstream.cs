using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Spaces.Gateway.Tests.Forwarding;

/// <summary>A real Kestrel app on 127.0.0.1:0 standing in for a Space's container: echoes, reports what it saw, streams, hangs on demand.</summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _countedRequests;

    private TestUpstream(WebApplication app, Signals signals)
    {
        _app = app;
        Signals = signals;
    }

    public Uri Address { get; private set; } = null!;

    public Signals Signals { get; }

    /// <summary>How many requests reached <c>/counted</c>.</summary>
    public int CountedRequests => Volatile.Read(ref _countedRequests);

    public static async Task<TestUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var upstream = new TestUpstream(app, new Signals());
        upstream.Map(app);
        await app.StartAsync();
        upstream.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return upstream;
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/hello", () => Results.Text("hello from upstream", "text/plain"));
        app.Map("/headers", WriteRequestHeaders);
        app.Map("/raw/{**rest}", (HttpContext context) => Results.Text(context.Features.Get<IHttpRequestFeature>()!.RawTarget));
        app.MapPost("/echo", EchoAsync);
        app.Map("/counted", async context =>
        {
            Interlocked.Increment(ref _countedRequests);
            await EchoAsync(context);
        });
        app.MapGet("/sse", ServerSentEventsAsync);
        app.MapGet("/slow", SlowHeadersAsync);
        app.MapGet("/slow-body", SlowBodyAsync);
        app.Map("/ws", WebSocketEchoAsync);
    }

    private static async Task WriteRequestHeaders(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        context.Response.Headers["X-Upstream"] = "yes";
        context.Response.Headers["Keep-Alive"] = "timeout=5";
        context.Response.Headers["Alt-Svc"] = "h3=\":443\"";
        context.Response.Headers.ContentLanguage = "en";
        context.Response.Headers.SetCookie = new[] { "a=1; Path=/", "b=2; Path=/" };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(headers));
    }

    /// <summary>Reads the whole body, then writes it back (whole first, so a huge echo cannot dead-lock on both directions' buffers).</summary>
    private static async Task EchoAsync(HttpContext context)
    {
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, context.RequestAborted);
        context.Response.ContentType = context.Request.ContentType ?? "application/octet-stream";
        context.Response.ContentLength = received.Length;
        received.Position = 0;
        await received.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private async Task ServerSentEventsAsync(HttpContext context, string id)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: one\n\n");
        await context.Response.Body.FlushAsync();
        // The next event only once the test saw the first one through the gateway.
        await Signals.WaitAsync($"sse-received:{id}");
        await context.Response.WriteAsync("data: two\n\n");
    }

    private async Task SlowHeadersAsync(HttpContext context, string id)
    {
        Signals[$"arrived:{id}"].TrySetResult();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Signals[$"aborted:{id}"].TrySetResult();
        }
    }

    private async Task SlowBodyAsync(HttpContext context, string id)
    {
        await context.Response.WriteAsync("first chunk\n");
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Signals[$"aborted:{id}"].TrySetResult();
        }
    }

    private static async Task WebSocketEchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault());
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
