using System.Net;
using System.Text.Json;

namespace Spaces.Web.Tests.Health;

public sealed class HealthEndpointTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Healthz_answers_while_the_process_is_up()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_reports_every_dependency_ready_against_the_real_engine_and_git()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"/readyz answered {(int)response.StatusCode}: {body}\nIs dockerd running? scripts/test starts it (or run `dockerd &`).");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ready", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("docker").GetProperty("status").GetString());
        Assert.Contains("Docker engine", checks.GetProperty("docker").GetProperty("description").GetString());
        Assert.StartsWith("git version", checks.GetProperty("git").GetProperty("description").GetString());
        Assert.Equal("healthy", checks.GetProperty("dataDir").GetProperty("status").GetString());
        Assert.Empty(json.RootElement.GetProperty("failing").EnumerateArray());
    }

    [Fact]
    public async Task Readyz_names_an_unreachable_engine_and_answers_503()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"no-dockerd-{Guid.NewGuid():N}.sock");
        using var factory = new SpacesWebFactory().With("Spaces:Docker:Host", $"unix://{socket}");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/readyz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not ready", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["docker"], json.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        var description = json.RootElement.GetProperty("checks").GetProperty("docker").GetProperty("description").GetString();
        Assert.Contains(socket, description);
        Assert.Contains("dockerd", description);
    }
}
