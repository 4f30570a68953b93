using System.Text.Json;
using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Smoke;

/// <summary>
/// The ground every browser test stands on: Chromium reaches the platform and a Space's own origin under <c>*.spaces.localhost</c>, the
/// third-party browser files are served, and the browser's SignalR client talks to the platform's hub over a WebSocket.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformInChromiumTests(PlatformFixture platform, BrowserFixture browser)
{
    private const string Owner = "smoke";
    private const string AppText = "hello from a smoke-test Space";

    [Fact]
    public async Task Home_page_renders_with_bootstrap_and_no_script_errors()
    {
        await using var session = await browser.NewSessionAsync();
        var response = await session.Page.GotoAsync(platform.Host.BaseUrl.ToString());

        Assert.Equal(200, response!.Status);
        Assert.Contains("Spaces", await session.Page.TitleAsync(), StringComparison.Ordinal);
        // Bootstrap's reboot sets the body margin to 0: the stylesheet from the npm package was served and applied.
        Assert.Equal("0px", await session.Page.EvaluateAsync<string>("getComputedStyle(document.body).margin"));
        Assert.Contains(await session.Page.EvaluateAsync<string>("document.documentElement.dataset.bsTheme ?? ''"), new[] { "light", "dark" });
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_docker_Space_is_served_at_its_own_origin_and_the_browser_hub_client_uses_a_websocket()
    {
        var token = await platform.CreateUserAsync(Owner);
        await platform.CreateSpaceAsync(token, Owner, "hello", "docker", isPrivate: false,
            PlatformFixture.BusyboxApp("Smoke", $"<!DOCTYPE html><title>smoke</title><p id=\"text\">{AppText}</p>\n"));
        await platform.WaitForStageAsync(token, Owner, "hello", "RUNNING");

        await using var session = await browser.NewSessionAsync();
        var app = await session.Page.GotoAsync(platform.Host.AppUrl(Owner, "hello").ToString());
        Assert.Equal(200, app!.Status);
        Assert.Equal(AppText, await session.Page.Locator("#text").InnerTextAsync());

        // Back on the platform's origin: its SignalR client file, a WebSocket-only connection (no negotiation, so no fallback) and the
        // Space's current stage streamed by the hub.
        await session.Page.GotoAsync(platform.Host.BaseUrl.ToString());
        var sockets = new List<string>();
        var framesReceived = 0;
        session.Page.WebSocket += (_, socket) =>
        {
            lock (sockets)
            {
                sockets.Add(socket.Url);
            }

            socket.FrameReceived += (_, _) => Interlocked.Increment(ref framesReceived);
        };
        await session.Page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/lib/signalr/signalr.min.js" });
        var result = await session.Page.EvaluateAsync<JsonElement>("""
            async (space) => {
              const connection = new signalR.HubConnectionBuilder()
                .withUrl("/hubs/spaces", { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
                .build();
              await connection.start();
              await connection.invoke("Subscribe", space);
              const first = await new Promise((resolve, reject) => {
                connection.stream("Watch", space, 0).subscribe({ next: resolve, error: reject, complete: () => reject("completed") });
              });
              await connection.stop();
              return { first };
            }
            """, $"{Owner}/hello");

        Assert.Equal($"ws://localhost:{platform.Host.Port}/hubs/spaces", Assert.Single(sockets));
        Assert.True(framesReceived >= 2, $"the hub's WebSocket carried {framesReceived} frames (handshake and stage expected)");
        Assert.Equal("stage", result.GetProperty("first").GetProperty("type").GetString());
        session.AssertNoErrors();
    }
}
