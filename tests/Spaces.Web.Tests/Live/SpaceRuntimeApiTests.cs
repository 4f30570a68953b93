using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Spaces;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Live;

public sealed class SpaceRuntimeApiTests : IDisposable
{
    private readonly LiveWebFactory _factory = new();

    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _factory.Dispose();
    }

    private async Task<(long Id, HttpClient Ada)> AdaSpaceAsync(bool isPrivate = false)
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        var ada = _factory.CreateClient(token);
        _clients.Add(ada);
        return (await _factory.CreateSpaceAsync(ada, "ada", "app", isPrivate), ada);
    }

    [Fact]
    public async Task Runtime_has_the_hubs_shape_before_and_after_the_space_runs()
    {
        var (id, ada) = await AdaSpaceAsync();
        using var anonymous = _factory.CreateClient();

        var fresh = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces/ada/app/runtime"));
        await _factory.Stages.TransitionAsync(id, SpaceStage.Running, "healthy", update: r =>
        {
            r.Hardware = "cpu-basic";
            r.RunningContainerId = "c-1";
        });
        var running = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces/ada/app/runtime"));
        await _factory.Stages.TransitionAsync(id, SpaceStage.RuntimeError, "exited", errorMessage: "Exit code 1");
        var failed = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces/ada/app/runtime"));

        // A new docker Space has no Dockerfile yet: the config stage shows until something ran.
        Assert.Equal("NO_APP_FILE", fresh.GetProperty("stage").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, fresh.GetProperty("hardware").GetProperty("current").ValueKind);
        Assert.Equal("cpu-basic", fresh.GetProperty("hardware").GetProperty("requested").GetString());
        Assert.Equal(3600, fresh.GetProperty("gcTimeout").GetInt32());
        Assert.Equal((1, 0), (fresh.GetProperty("replicas").GetProperty("requested").GetInt32(), fresh.GetProperty("replicas").GetProperty("current").GetInt32()));
        Assert.False(fresh.GetProperty("devMode").GetBoolean());
        var domain = Assert.Single(fresh.GetProperty("domains").EnumerateArray());
        Assert.Equal(("ada--app.spaces.localhost", "READY"), (domain.GetProperty("domain").GetString(), domain.GetProperty("stage").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, fresh.GetProperty("storage").ValueKind);
        Assert.Contains("Dockerfile", fresh.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);

        Assert.Equal("RUNNING", running.GetProperty("stage").GetString());
        Assert.Equal("cpu-basic", running.GetProperty("hardware").GetProperty("current").GetString());
        Assert.Equal(1, running.GetProperty("replicas").GetProperty("current").GetInt32());
        Assert.False(running.TryGetProperty("errorMessage", out _));
        Assert.Equal(("RUNTIME_ERROR", "Exit code 1"), (failed.GetProperty("stage").GetString(), failed.GetProperty("errorMessage").GetString()));
    }

    [Fact]
    public async Task Hardware_lists_the_configured_flavors()
    {
        using var anonymous = _factory.CreateClient();

        var flavors = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces/hardware"));

        var names = flavors.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("cpu-basic", names);
        Assert.Contains("t4-small", names);
        var t4 = flavors.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "t4-small");
        Assert.Equal((1, "t4"), (t4.GetProperty("gpus").GetInt32(), t4.GetProperty("accelerator").GetString()));
    }

    [Fact]
    public async Task Controls_reach_the_runtime_with_their_arguments_and_answer_with_the_runtime()
    {
        var (_, ada) = await AdaSpaceAsync();

        var restarted = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/app/restart", null));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/app/restart?factory=true", null));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/app/pause", null));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/app/resume", null));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/app/stop", null));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/app/hardware", new { flavor = "cpu-upgrade", sleepTimeSeconds = 600 }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/app/hardware", new { flavor = "t4-small" }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/app/sleeptime", new { seconds = -1 }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/app/sleeptime", new { seconds = 60 }));

        Assert.Equal("NO_APP_FILE", restarted.GetProperty("stage").GetString());
        Assert.Equal(
            [
                "restart ada/app factory=False", "restart ada/app factory=True", "pause ada/app", "resume ada/app", "stop ada/app",
                "hardware ada/app cpu-upgrade sleep=600", "hardware ada/app t4-small sleep=null", "sleeptime ada/app -1", "sleeptime ada/app 60",
            ],
            _factory.Control.Calls);
    }

    [Fact]
    public async Task Controls_are_refused_to_callers_without_write_access_and_hide_private_spaces()
    {
        var (_, ada) = await AdaSpaceAsync();
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "secret", type = "space", sdk = "docker", @private = true }));
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        var (_, adaReadToken) = await CreateTokenAsync("ada", TokenRole.Read);
        using var bob = _factory.CreateClient(bobToken);
        using var adaReadOnly = _factory.CreateClient(adaReadToken);
        using var anonymous = _factory.CreateClient();

        foreach (var control in new[] { "restart", "pause", "resume", "stop" })
        {
            await ApiAssert.StatusAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync($"/api/spaces/ada/app/{control}", null));
            await ApiAssert.StatusAsync(HttpStatusCode.Forbidden, await bob.PostAsync($"/api/spaces/ada/app/{control}", null));
            await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await adaReadOnly.PostAsync($"/api/spaces/ada/app/{control}", null), "read");
            await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await bob.PostAsync($"/api/spaces/ada/secret/{control}", null));
            await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await anonymous.PostAsync($"/api/spaces/ada/secret/{control}", null));
            await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await ada.PostAsync($"/api/spaces/ada/missing/{control}", null));
        }

        await ApiAssert.StatusAsync(HttpStatusCode.Forbidden, await bob.PostAsJsonAsync("/api/spaces/ada/app/hardware", new { flavor = "nope" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await bob.GetAsync("/api/spaces/ada/secret/runtime"));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/secret/runtime"));
        Assert.Empty(_factory.Control.Calls);
    }

    [Theory]
    [InlineData("hardware", """{"flavor":"h100-huge"}""", "cpu-basic, cpu-upgrade, t4-small")]
    [InlineData("hardware", """{}""", "Unknown hardware flavor")]
    [InlineData("hardware", """{"flavor":"cpu-basic","sleepTimeSeconds":5}""", "sleepTimeSeconds must be -1 (never) or at least 60")]
    [InlineData("sleeptime", """{"seconds":59}""", "at least 60")]
    [InlineData("sleeptime", """{"seconds":-2}""", "at least 60")]
    [InlineData("sleeptime", """{}""", "seconds is required")]
    public async Task Bad_control_input_is_400_with_the_reason_and_changes_nothing(string control, string body, string reason)
    {
        var (_, ada) = await AdaSpaceAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync($"/api/spaces/ada/app/{control}", content), reason);

        Assert.Empty(_factory.Control.Calls);
    }

    [Fact]
    public async Task Changing_variables_or_secrets_restarts_the_space()
    {
        var (_, ada) = await AdaSpaceAsync();

        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key = "MODE", value = "a" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/secrets", new { key = "TOKEN", value = "s" }));
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/spaces/ada/app/variables") { Content = JsonContent.Create(new { key = "MODE" }) };
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.SendAsync(delete));
        await ApiAssert.StatusAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key = "bad-key", value = "a" }));

        Assert.Equal(["environment ada/app", "environment ada/app", "environment ada/app"], _factory.Control.Calls);
    }

    private async Task<(Account User, string Token)> CreateTokenAsync(string userName, TokenRole role)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        var user = (await accounts.FindAsync(userName))!;
        var token = await tokens.CreateAsync(user, "read-only", role);
        return (user, token.Secret);
    }
}
