using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;
using Spaces.Runtime.Notifications;
using Spaces.Web.Live;

namespace Spaces.Web.Tests.Live;

public sealed class SpacesHubTests : IDisposable
{
    private readonly LiveWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(long Id, string AdaToken)> AdaSpaceAsync(bool isPrivate = false)
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);
        return (await _factory.CreateSpaceAsync(ada, "ada", "app", isPrivate), token);
    }

    [Fact]
    public async Task Subscribe_answers_the_current_state_of_a_public_space_to_anonymous_callers()
    {
        var (id, _) = await AdaSpaceAsync();
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");

        var before = await hub.InvokeAsync("Subscribe", "ada/app");
        await _factory.Stages.TransitionAsync(id, SpaceStage.Running, "healthy", update: r => r.Hardware = "cpu-basic");
        var after = await hub.InvokeAsync("Subscribe", "ada/app");

        Assert.Equal("ada/app", before.GetProperty("spaceId").GetString());
        // A new docker Space has no Dockerfile yet.
        Assert.Equal("NO_APP_FILE", before.GetProperty("stage").GetString());
        Assert.Equal("RUNNING", after.GetProperty("stage").GetString());
        Assert.Equal("healthy", after.GetProperty("reason").GetString());
        Assert.Equal("cpu-basic", after.GetProperty("hardware").GetString());
        Assert.Equal("cpu-basic", after.GetProperty("requestedHardware").GetString());
    }

    [Fact]
    public async Task Watch_sends_the_current_stage_then_the_backlog_then_stage_changes_and_log_lines_live_in_order()
    {
        var (id, _) = await AdaSpaceAsync();
        await _factory.Stages.TransitionAsync(id, SpaceStage.Building, "commit pushed");
        foreach (var line in new[] { "step 1", "step 2", "step 3" })
        {
            _factory.Notifications.PublishLog(id, LogKind.Build, line);
        }

        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");
        var stream = await hub.StreamAsync("Watch", "ada/app", 2);

        var current = await stream.NextAsync();
        Assert.Equal("stage", current.GetProperty("type").GetString());
        Assert.Equal("BUILDING", current.GetProperty("stage").GetString());
        Assert.Equal("commit pushed", current.GetProperty("reason").GetString());
        Assert.Equal(["step 2", "step 3"], [Line(await stream.NextAsync()), Line(await stream.NextAsync())]);

        // Live: published after the catch-up, received in publication order.
        await Eventually.TrueAsync(() => _factory.Notifications.IsWatched(id), "the hub watches the Space");
        _factory.Notifications.PublishLog(id, LogKind.Build, "step 4");
        _factory.Notifications.PublishLog(id, LogKind.Build, "error: boom", isError: true);
        await _factory.Stages.TransitionAsync(id, SpaceStage.BuildError, "build failed", errorMessage: "step 4: boom");
        _factory.Notifications.PublishLog(id, LogKind.Run, "listening");

        var step4 = await stream.NextAsync();
        Assert.Equal(("log", "build", 4L, "step 4", false), (Type(step4), step4.GetProperty("kind").GetString(), step4.GetProperty("seq").GetInt64(), Line(step4), step4.GetProperty("isError").GetBoolean()));
        var error = await stream.NextAsync();
        Assert.True(error.GetProperty("isError").GetBoolean());
        var failed = await stream.NextAsync();
        Assert.Equal(("stage", "BUILD_ERROR", "step 4: boom"), (Type(failed), failed.GetProperty("stage").GetString(), failed.GetProperty("errorMessage").GetString()));
        var run = await stream.NextAsync();
        Assert.Equal(("run", "listening"), (run.GetProperty("kind").GetString(), Line(run)));
        Assert.True(run.TryGetProperty("at", out _));
    }

    [Fact]
    public async Task Backlog_mixes_both_logs_in_time_order_and_cancelling_the_stream_stops_watching()
    {
        var (id, _) = await AdaSpaceAsync();
        _factory.Notifications.PublishLog(id, LogKind.Build, "built");
        _factory.Notifications.PublishLog(id, LogKind.Run, "started");
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");

        var stream = await hub.StreamAsync("Watch", "ada/app", 10);
        await stream.NextOfTypeAsync("stage");
        Assert.Equal(["built", "started"], [Line(await stream.NextAsync()), Line(await stream.NextAsync())]);
        await Eventually.TrueAsync(() => _factory.Notifications.IsWatched(id), "the hub watches the Space");
        await stream.CancelAsync();

        await Eventually.TrueAsync(() => !_factory.Notifications.IsWatched(id), "the cancelled stream no longer watches");
    }

    [Fact]
    public async Task A_private_space_is_not_found_for_other_users_and_anonymous_callers_but_found_for_its_owner_by_query_token()
    {
        var (_, adaToken) = await AdaSpaceAsync(isPrivate: true);
        var (_, bobToken) = await _factory.CreateUserAsync("bob");

        await using var anonymous = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");
        await using var bob = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/spaces?access_token={bobToken}");
        await using var ada = await HubTestClient.ConnectAsync(_factory.Server, $"/hubs/spaces?access_token={adaToken}");

        foreach (var client in new[] { anonymous, bob })
        {
            var subscribe = await Assert.ThrowsAsync<HubErrorException>(() => client.InvokeAsync("Subscribe", "ada/app"));
            Assert.Contains("not found", subscribe.Message, StringComparison.Ordinal);
            var watch = await client.StreamAsync("Watch", "ada/app", 10);
            var refused = await Assert.ThrowsAsync<HubErrorException>(() => watch.NextAsync());
            Assert.Contains("not found", refused.Message, StringComparison.Ordinal);
        }

        var state = await ada.InvokeAsync("Subscribe", "ada/app");
        Assert.Equal("ada/app", state.GetProperty("spaceId").GetString());
        var missing = await Assert.ThrowsAsync<HubErrorException>(() => ada.InvokeAsync("Subscribe", "ada/nope"));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_header_works_for_the_hub_too()
    {
        var (_, adaToken) = await AdaSpaceAsync(isPrivate: true);
        await using var ada = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces",
            request => request.Headers.Authorization = $"Bearer {adaToken}");

        var state = await ada.InvokeAsync("Subscribe", "ada/app");

        Assert.Equal("NO_APP_FILE", state.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Metrics_are_sampled_from_the_running_container_only_while_someone_watches()
    {
        var (id, _) = await AdaSpaceAsync();
        await _factory.Stages.TransitionAsync(id, SpaceStage.Running, "healthy", update: r => r.RunningContainerId = "container-1");
        var sampler = _factory.Services.GetRequiredService<SpaceMetricsSampler>();
        await using var hub = await HubTestClient.ConnectAsync(_factory.Server, "/hubs/spaces");

        var stream = await hub.StreamAsync("Watch", "ada/app", 0);
        await stream.NextOfTypeAsync("stage");
        await Eventually.TrueAsync(() => _factory.Stats.Streaming == 1, "the sampler streams the container's stats");
        _factory.Stats.Emit(new ContainerResourceSample(12.3456, 50_000_000, 2_147_483_648));
        var metrics = await stream.NextOfTypeAsync("metrics");

        Assert.Equal(12.35, metrics.GetProperty("cpu").GetDouble());
        Assert.Equal(50_000_000, metrics.GetProperty("memory").GetInt64());
        Assert.Equal(2_147_483_648, metrics.GetProperty("memoryLimit").GetInt64());
        Assert.Equal(["container-1"], _factory.Stats.Requested);

        await stream.CancelAsync();
        await Eventually.TrueAsync(() => _factory.Stats.Streaming == 0 && sampler.Sampled.Count == 0, "sampling stops when nobody watches");
    }

    private static string? Type(JsonElement item) => item.GetProperty("type").GetString();

    private static string Line(JsonElement item) => item.GetProperty("line").GetString()!;
}
