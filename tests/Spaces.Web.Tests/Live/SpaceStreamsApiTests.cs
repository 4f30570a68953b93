using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;
using Spaces.Web.Live;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Live;

public sealed class SpaceStreamsApiTests : IDisposable
{
    private readonly LiveWebFactory _factory = new();

    public SpaceStreamsApiTests() => _factory.With("Spaces:Live:KeepAliveInterval", "00:00:00.300");

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
    public async Task Build_log_sends_the_tail_first_then_live_lines_before_the_response_ends()
    {
        var (id, ada) = await AdaSpaceAsync();
        for (var i = 1; i <= 5; i++)
        {
            _factory.Notifications.PublishLog(id, LogKind.Build, $"line {i}");
        }

        using var anonymous = _factory.CreateClient();
        await using var events = await SseReader.OpenAsync(anonymous, "/api/spaces/ada/app/logs/build?tail=2");

        Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", events.Response.Headers.CacheControl?.ToString());
        Assert.Equal("no", events.Response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Equal(["line 4", "line 5"], [await events.NextDataAsync(), await events.NextDataAsync()]);
        await Eventually.TrueAsync(() => _factory.Notifications.IsWatched(id), "the stream watches the Space");
        _factory.Notifications.PublishLog(id, LogKind.Run, "a run line is not in the build log");
        _factory.Notifications.PublishLog(id, LogKind.Build, "line 6");
        var live = await events.NextAsync();
        Assert.Equal("line 6", live.GetProperty("data").GetString());
        Assert.True(DateTime.TryParse(live.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task Build_log_falls_back_to_the_last_stored_build_log_when_nothing_was_built_since_start()
    {
        var (id, ada) = await AdaSpaceAsync();
        var store = _factory.Services.GetRequiredService<BuildLogStore>();
        await store.AppendAsync(id, 3, ["old build"]);
        await store.AppendAsync(id, 4, ["step 1", "step 2", "error: step 3 failed"]);

        await using var events = await SseReader.OpenAsync(ada, "/api/spaces/ada/app/logs/build?tail=2");

        Assert.Equal(["step 2", "error: step 3 failed"], [await events.NextDataAsync(), await events.NextDataAsync()]);
    }

    [Fact]
    public async Task Run_log_defaults_to_the_last_100_lines_and_sends_empty_keep_alive_events_when_idle()
    {
        var (id, ada) = await AdaSpaceAsync();
        for (var i = 1; i <= 120; i++)
        {
            _factory.Notifications.PublishLog(id, LogKind.Run, $"run {i}");
        }

        await using var events = await SseReader.OpenAsync(ada, "/api/spaces/ada/app/logs/run");

        var lines = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            lines.Add(await events.NextDataAsync());
        }

        Assert.Equal("run 21", lines[0]);
        Assert.Equal("run 120", lines[^1]);
        var keepAlive = await events.NextAsync();
        Assert.Equal("", keepAlive.GetProperty("data").GetString());
        Assert.True(keepAlive.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task Events_start_with_the_current_stage_and_follow_transitions()
    {
        var (id, ada) = await AdaSpaceAsync();
        await _factory.Stages.TransitionAsync(id, SpaceStage.Building, "commit pushed");

        await using var events = await SseReader.OpenAsync(ada, "/api/spaces/ada/app/events");
        var current = await events.NextAsync();
        await Eventually.TrueAsync(() => _factory.Notifications.IsWatched(id), "the stream watches the Space");
        await _factory.Stages.TransitionAsync(id, SpaceStage.RuntimeError, "exited", errorMessage: "Exit code 3");
        var failed = await events.NextAsync();

        Assert.Equal(("BUILDING", "commit pushed"), (current.GetProperty("stage").GetString(), current.GetProperty("reason").GetString()));
        Assert.EndsWith("Z", current.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.Equal(("RUNTIME_ERROR", "Exit code 3"), (failed.GetProperty("stage").GetString(), failed.GetProperty("errorMessage").GetString()));
        Assert.True(failed.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task Metrics_stream_sends_samples_of_the_running_container()
    {
        var (id, ada) = await AdaSpaceAsync();
        await _factory.Stages.TransitionAsync(id, SpaceStage.Running, "healthy", update: r => r.RunningContainerId = "c-9");

        await using var events = await SseReader.OpenAsync(ada, "/api/spaces/ada/app/metrics");
        await Eventually.TrueAsync(() => _factory.Stats.Streaming == 1, "the sampler streams the container's stats");
        _factory.Stats.Emit(new ContainerResourceSample(50, 1024, 4096));
        var sample = await events.NextAsync();

        Assert.Equal((50.0, 1024L, 4096L), (sample.GetProperty("cpu").GetDouble(), sample.GetProperty("memory").GetInt64(), sample.GetProperty("memoryLimit").GetInt64()));
    }

    [Fact]
    public async Task Private_space_streams_are_404_for_others_and_a_negative_tail_is_400()
    {
        var (_, ada) = await AdaSpaceAsync(isPrivate: true);
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();

        foreach (var path in new[] { "logs/build", "logs/run", "events", "metrics" })
        {
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await bob.GetAsync($"/api/spaces/ada/app/{path}"), "does not exist");
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await anonymous.GetAsync($"/api/spaces/ada/app/{path}"), "does not exist");
        }

        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.GetAsync("/api/spaces/ada/app/logs/run?tail=-1"), "tail");
    }
}
