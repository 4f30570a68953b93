using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spaces.Gateway.Routing;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Gateway;

/// <summary>
/// Issue #5: a blazor Space whose page talks to its own SignalR hub, opened in Chromium at the Space's origin through the gateway. The
/// client negotiates as usual (so it would fall back to server-sent events or long polling if the WebSocket failed); the test checks
/// that the one transport used is a WebSocket to the app origin through the gateway and that messages flow both ways on it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SignalRThroughGatewayTests(PlatformFixture platform, BrowserFixture browser)
{
    private const string Owner = "hubber";
    private const string Name = "echo-hub";

    private static readonly (string Path, byte[] Content)[] App =
    [
        ("README.md", PlatformFixture.Utf8("---\ntitle: Echo hub\nsdk: blazor\n---\n# A Space with its own SignalR hub\n")),
        ("EchoHub.csproj", PlatformFixture.Utf8("""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RequiresAspNetWebAssets>false</RequiresAspNetWebAssets>
              </PropertyGroup>
            </Project>
            """)),
        ("Program.cs", PlatformFixture.Utf8("""
            using System.Runtime.CompilerServices;
            using Microsoft.AspNetCore.SignalR;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSignalR();
            var app = builder.Build();
            app.UseStaticFiles();
            app.MapGet("/", () => Results.Content(
                "<!DOCTYPE html><title>echo</title><p id=\"state\">loading</p><ol id=\"log\"></ol>" +
                "<script src=\"lib/signalr/signalr.min.js\"></script><script src=\"echo.js\"></script>", "text/html"));
            app.MapHub<EchoHub>("/hub");
            app.Run();

            public sealed class EchoHub : Hub
            {
                public string Echo(string text) => $"echo: {text}";

                public async IAsyncEnumerable<int> Count(int to, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    for (var i = 1; i <= to; i++)
                    {
                        await Task.Delay(20, cancellationToken);
                        yield return i;
                    }
                }
            }
            """)),
        ("wwwroot/echo.js", PlatformFixture.Utf8("""
            // Default negotiation: WebSockets first, then server-sent events, then long polling.
            const connection = new signalR.HubConnectionBuilder().withUrl('hub').build();
            window.echo = { connection, counted: [] };
            window.echo.ready = connection.start().then(async () => {
              document.getElementById('state').textContent = 'connected';
              window.echo.reply = await connection.invoke('Echo', 'through the gateway');
              await new Promise((resolve, reject) => connection.stream('Count', 5).subscribe({
                next: i => window.echo.counted.push(i), complete: resolve, error: reject }));
              document.getElementById('state').textContent = 'done';
            });
            """)),
    ];

    [Fact]
    public async Task The_page_talks_to_its_own_hub_over_a_websocket_through_the_gateway()
    {
        var token = await platform.CreateUserAsync(Owner);
        await platform.CreateSpaceAsync(token, Owner, Name, "blazor", isPrivate: false, App);
        await platform.WaitForStageAsync(token, Owner, Name, "RUNNING", TimeSpan.FromMinutes(5));

        await using var session = await browser.NewSessionAsync();
        var sockets = new List<IWebSocket>();
        var sent = new List<string>();
        var received = new List<string>();
        var fallbacks = new List<string>();
        session.Page.WebSocket += (_, socket) =>
        {
            lock (sockets)
            {
                sockets.Add(socket);
            }

            socket.FrameSent += (_, frame) => { lock (sent) { sent.Add(frame.Text ?? ""); } };
            socket.FrameReceived += (_, frame) => { lock (received) { received.Add(frame.Text ?? ""); } };
        };
        session.Page.Request += (_, request) =>
        {
            // The other transports: an event stream or polling GETs on /hub?id=...
            if (request.Url.Contains("/hub?id=", StringComparison.Ordinal))
            {
                lock (fallbacks)
                {
                    fallbacks.Add($"{request.Method} {request.Url}");
                }
            }
        };

        var connections = platform.Services.GetRequiredService<SpaceConnections>();
        var served = connections.Served;
        var origin = platform.Host.AppUrl(Owner, Name);
        var response = await session.Page.GotoAsync(origin.ToString());
        Assert.Equal(200, response!.Status);
        await session.Page.Locator("#state").Filter(new() { HasText = "done" }).WaitForAsync();

        var result = await session.Page.EvaluateAsync<JsonElement>("""
            () => {
              // The client's names are minified: find the open WebSocket the connection's transport holds.
              const transport = window.echo.connection.connection.transport;
              const socket = Object.values(transport).find(v => v instanceof WebSocket);
              return { reply: window.echo.reply, counted: window.echo.counted, socketUrl: socket ? socket.url : null,
                       open: !!socket && socket.readyState === WebSocket.OPEN };
            }
            """);
        Assert.Equal("echo: through the gateway", result.GetProperty("reply").GetString());
        Assert.Equal([1, 2, 3, 4, 5], result.GetProperty("counted").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(result.GetProperty("open").GetBoolean(), $"the connection's transport holds no open WebSocket: {result}");
        Assert.StartsWith($"ws://{Owner}--{Name}.{PlatformHost.AppsDomain}:{platform.Host.Port}/hub?id=", result.GetProperty("socketUrl").GetString(), StringComparison.Ordinal);

        var socket = Assert.Single(sockets);
        Assert.StartsWith($"ws://{Owner}--{Name}.{PlatformHost.AppsDomain}:{platform.Host.Port}/hub?id=", socket.Url, StringComparison.Ordinal);
        Assert.Empty(fallbacks);
        // The page and its files came over connections the gateway read itself; the WebSocket's went on to Kestrel.
        Assert.True(connections.Served > served, "no connection of the page was served below Kestrel's HTTP layer");
        Assert.Contains(sent, frame => frame.Contains("\"target\":\"Echo\"", StringComparison.Ordinal) && frame.Contains("through the gateway", StringComparison.Ordinal));
        Assert.Contains(received, frame => frame.Contains("echo: through the gateway", StringComparison.Ordinal));
        Assert.Contains(received, frame => frame.Contains("\"type\":2", StringComparison.Ordinal) && frame.Contains("\"item\":5", StringComparison.Ordinal));
        await session.ScreenshotAsync("gateway-signalr-echo");
        session.AssertNoErrors();
    }
}
