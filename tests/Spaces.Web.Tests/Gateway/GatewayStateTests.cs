using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Docker.Models;
using Spaces.Runtime;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Stages;

namespace Spaces.Web.Tests.Gateway;

/// <summary>What a Space's origin shows in each stage: status pages, waking from sleep, a lost container.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayStateTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_building_space_shows_a_page_that_reloads_and_links_to_the_logs()
    {
        using var response = await gateway.GetAsync("slow", "/", r => r.Headers.Accept.ParseAdd("text/html"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("BUILDING", GatewayRoutingTests.Header(response, "X-Spaces-Stage"));
        Assert.Equal("2", GatewayRoutingTests.Header(response, "Retry-After"));
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\">", body);
        Assert.Contains("is building", body);
        Assert.Contains($"href=\"{gateway.PlatformOrigin}/spaces/gw/slow\"", body);
    }

    [Fact]
    public async Task A_failed_build_shows_its_stage_and_a_link_but_no_reload()
    {
        using var response = await gateway.GetAsync("broken");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("BUILD_ERROR", GatewayRoutingTests.Header(response, "X-Spaces-Stage"));
        Assert.DoesNotContain("http-equiv=\"refresh\"", body);
        Assert.DoesNotContain("<b>broken</b>", body);
        Assert.Contains($"href=\"{gateway.PlatformOrigin}/spaces/gw/broken\"", body);
    }

    [Fact]
    public async Task A_paused_space_says_so_and_who_can_resume_it()
    {
        var control = gateway.Factory.Services.GetRequiredService<ISpaceControl>();
        await control.PauseAsync(await SpaceAsync("paused"));

        using var response = await gateway.GetAsync("paused");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("PAUSED", GatewayRoutingTests.Header(response, "X-Spaces-Stage"));
        Assert.Contains("is paused", body);
        Assert.Contains("write access", body);
    }

    [Fact]
    public async Task A_sleeping_space_is_woken_by_the_first_request_which_a_browser_sees_as_a_waking_page()
    {
        var lifecycle = gateway.Factory.Services.GetRequiredService<SpaceLifecycle>();
        await lifecycle.SleepAsync(gateway.IdOf("sleepy"));
        Assert.Null(await lifecycle.GetEndpointAsync(gateway.IdOf("sleepy")));

        // An API client is held until the Space answers; a browser arriving meanwhile gets the page that reloads itself.
        var api = gateway.GetAsync("sleepy");
        await Task.Delay(50);
        using (var browser = await gateway.GetAsync("sleepy", "/", r => r.Headers.Accept.ParseAdd("text/html,application/xhtml+xml")))
        {
            var page = await browser.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, browser.StatusCode);
            Assert.Contains("<meta http-equiv=\"refresh\"", page);
            Assert.Matches("waking up|is starting", page);
        }

        using var response = await api;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(GatewayApps.BusyboxPage, (await response.Content.ReadAsStringAsync()).Trim());
        Assert.NotNull(await lifecycle.GetEndpointAsync(gateway.IdOf("sleepy")));
    }

    [Fact]
    public async Task A_browser_alone_wakes_a_sleeping_space_and_its_reloads_reach_the_app()
    {
        var lifecycle = gateway.Factory.Services.GetRequiredService<SpaceLifecycle>();
        await lifecycle.SleepAsync(gateway.IdOf("sleepy"));

        using (var first = await gateway.GetAsync("sleepy", "/", r => r.Headers.Accept.ParseAdd("text/html")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Contains("waking up", await first.Content.ReadAsStringAsync());
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var reload = await gateway.GetAsync("sleepy", "/", r => r.Headers.Accept.ParseAdd("text/html"));
            if (reload.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(GatewayApps.BusyboxPage, (await reload.Content.ReadAsStringAsync()).Trim());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {(int)reload.StatusCode} after 60 s: {await reload.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_container_that_cannot_be_reached_gives_a_502()
    {
        var id = gateway.IdOf("gone");
        var runtime = await gateway.Factory.Services.GetRequiredService<SpaceStageStore>().GetAsync(id);
        var container = runtime?.RunningContainerId ?? throw new InvalidOperationException("gw/gone has no running container.");
        using (var before = await gateway.GetAsync("gone"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Cut off from its network, the container keeps running (the platform sees no exit) but its published port is gone.
        var network = gateway.Factory.Services.GetRequiredService<SpaceResources>().NetworkName(id);
        await gateway.Docker.Networks.DisconnectAsync(network, new NetworkDisconnectParameters { Container = container, Force = true });

        using var response = await gateway.GetAsync("gone");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    private async Task<Repo> SpaceAsync(string name)
    {
        await using var scope = gateway.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, GatewayFixture.Owner, name))!;
    }
}
