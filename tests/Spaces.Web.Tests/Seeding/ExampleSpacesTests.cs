using System.Net;
using Xunit.Abstractions;

namespace Spaces.Web.Tests.Seeding;

/// <summary>Every seeded example and every template, built and run by the real engine, answers at its own origin through the gateway.</summary>
[Collection(ExamplesCollection.Name)]
public sealed class ExampleSpacesTests(ExamplesFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Every_example_and_every_template_reached_running()
    {
        foreach (var (space, time) in fixture.TimeToRunning.OrderBy(t => t.Value))
        {
            output.WriteLine($"{space}: RUNNING after {time.TotalSeconds:0} s");
        }

        Assert.Equal(
            [.. ExamplesFixture.ExampleSpaces.Select(s => "examples/" + s), .. ExamplesFixture.Templates.Select(t => $"{ExamplesFixture.Owner}/from-{t}")],
            fixture.TimeToRunning.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hello_docker_shows_its_space_id_and_hardware()
    {
        var page = await PageAsync("examples", "hello-docker");

        Assert.Contains("<span id=\"space-id\">examples/hello-docker</span>", page, StringComparison.Ordinal);
        Assert.Contains("data-key=\"CPU_CORES\"", page, StringComparison.Ordinal);
        Assert.Contains("data-key=\"root filesystem\">read-only<", page, StringComparison.Ordinal);
        Assert.Contains("data-key=\"/tmp\">writable<", page, StringComparison.Ordinal);
        Assert.Contains("data-key=\"user id\">1000<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_gallery_is_served_with_its_assets()
    {
        Assert.Contains("Spaces examples", await PageAsync("examples", "static-gallery"), StringComparison.Ordinal);
        using var script = await fixture.GetAsync("examples", "static-gallery", "/gallery.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Static_template_serves_its_page_and_assets()
    {
        Assert.Contains("Hello from a static Space", await PageAsync(ExamplesFixture.Owner, "from-static"), StringComparison.Ordinal);
        using var css = await fixture.GetAsync(ExamplesFixture.Owner, "from-static", "/style.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Docker_template_answers_on_7860_with_its_space_id()
    {
        Assert.Contains($"{ExamplesFixture.Owner}/from-docker", await PageAsync(ExamplesFixture.Owner, "from-docker"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blazor_template_renders_on_the_server_and_ships_the_signalr_client_the_sdk_provided()
    {
        var page = await PageAsync(ExamplesFixture.Owner, "from-blazor-onnx");

        Assert.Contains("<h1>Blazor + ONNX</h1>", page, StringComparison.Ordinal);
        Assert.Contains("paddleocr-cls", page, StringComparison.Ordinal);
        using var client = await fixture.GetAsync(ExamplesFixture.Owner, "from-blazor-onnx", "/lib/signalr/signalr.min.js");
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
        Assert.Contains("HubConnectionBuilder", await client.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> PageAsync(string owner, string name)
    {
        using var response = await fixture.GetAsync(owner, name);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{owner}/{name}: {(int)response.StatusCode} {body}");
        return body;
    }
}
