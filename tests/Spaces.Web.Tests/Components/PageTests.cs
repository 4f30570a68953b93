using System.Net;

namespace Spaces.Web.Tests.Components;

public sealed class PageTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Home_page_renders_with_bootstrap_the_navigation_and_a_kind_empty_state()
    {
        using var client = _factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("<title>Spaces</title>", html);
        Assert.Contains("lib/bootstrap/css/bootstrap.min", html);
        Assert.Contains("href=\"/spaces\"", html);
        Assert.Contains("href=\"/models\"", html);
        Assert.Contains("href=\"/new-space\"", html);
        Assert.Contains("No Spaces yet", html);
    }

    [Fact]
    public async Task Bootstrap_copied_from_the_npm_package_is_served()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/lib/bootstrap/css/bootstrap.min.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bootstrap", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_path_gets_a_404_page()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This page does not exist", await response.Content.ReadAsStringAsync());
    }
}
