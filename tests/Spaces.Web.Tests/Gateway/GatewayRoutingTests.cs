using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Web.Tests.Gateway;

/// <summary>Host routing through the whole platform: a running container proxied, a static Space from git, unknown hosts, the platform untouched.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayRoutingTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_running_docker_space_is_proxied_at_its_own_origin_with_its_headers()
    {
        using var response = await gateway.GetAsync("plain");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(GatewayApps.BusyboxPage, body.Trim());
        Assert.Equal("require-corp", Header(response, "cross-origin-embedder-policy"));
        Assert.Equal("same-origin", Header(response, "cross-origin-opener-policy"));
        Assert.Contains($"frame-ancestors 'self' {gateway.PlatformOrigin}", Headers(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Every_proxied_request_reports_activity_to_the_sleep_timer()
    {
        var lifecycle = gateway.Factory.Services.GetRequiredService<SpaceLifecycle>();
        var before = DateTime.UtcNow.AddSeconds(-1);

        using var response = await gateway.GetAsync("plain", "/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(lifecycle.TryGetLastActivity(gateway.IdOf("plain"), out var at) && at >= before, $"last activity: {at:O}");
    }

    [Fact]
    public async Task The_host_is_read_without_case()
    {
        var request = gateway.Request(HttpMethod.Get, "plain", "/", $"GW--Plain.Spaces.LOCALHOST:{gateway.Factory.Address.Port}");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayApps.BusyboxPage, (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task An_unknown_space_gets_the_gateways_404_page_and_other_hosts_reach_the_platform()
    {
        using var unknown = await gateway.GetAsync("nothing-here");
        using var platform = await gateway.Client.SendAsync(gateway.Request(HttpMethod.Get, "", "/healthz", $"localhost:{gateway.Factory.Address.Port}"));
        using var platformApi = await gateway.Client.SendAsync(gateway.Request(HttpMethod.Get, "", "/healthz", $"gw--plain.example.test:{gateway.Factory.Address.Port}"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no Space here", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, platform.StatusCode);
        Assert.Equal(HttpStatusCode.OK, platformApi.StatusCode);
    }

    [Fact]
    public async Task A_static_space_is_served_from_git_with_etags_and_304()
    {
        using var first = await gateway.GetAsync("site");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(GatewayApps.StaticPage, await first.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", first.Content.Headers.ContentType?.ToString());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Matches("^\"[0-9a-f]{40,64}\"$", etag.Tag);
        // disable_embedding: no one may frame it.
        Assert.Contains("frame-ancestors 'none'", Headers(first, "Content-Security-Policy"));

        using var again = await gateway.GetAsync("site", "/", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_static_space_answers_ranges_folders_content_types_and_missing_files()
    {
        using var range = await gateway.GetAsync("site", "/index.html", r => r.Headers.Range = new RangeHeaderValue(0, 8));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(GatewayApps.StaticPage[..9], await range.Content.ReadAsStringAsync());
        Assert.Equal($"bytes 0-8/{GatewayApps.StaticPage.Length}", range.Content.Headers.ContentRange?.ToString());

        using var past = await gateway.GetAsync("site", "/index.html", r => r.Headers.Range = new RangeHeaderValue(10_000, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);

        using var css = await gateway.GetAsync("site", "/style.css");
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType?.ToString());

        using var folder = await gateway.GetAsync("site", "/docs?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, folder.StatusCode);
        Assert.Equal("/docs/?x=1", folder.Headers.Location?.OriginalString);
        using var docs = await gateway.GetAsync("site", "/docs/");
        Assert.Equal(GatewayApps.DocsPage, await docs.Content.ReadAsStringAsync());

        using var missing = await gateway.GetAsync("site", "/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var post = await gateway.Client.SendAsync(gateway.Request(HttpMethod.Post, "site", "/"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    internal static string Headers(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(" | ", values) : "";
}
