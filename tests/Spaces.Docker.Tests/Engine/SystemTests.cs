using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Engine;

[Collection(DockerCollection.Name)]
public sealed class SystemTests(DockerFixture docker)
{
    [Fact]
    public async Task Version_is_negotiated_down_to_what_both_speak()
    {
        var version = await docker.Client.System.VersionAsync();
        var negotiated = await docker.Client.System.GetApiVersionAsync();

        Assert.False(string.IsNullOrEmpty(version.ApiVersion));
        var server = Version.Parse(version.ApiVersion!);
        Assert.Equal(server < new Version(1, 43) ? version.ApiVersion : "1.43", negotiated);
    }

    [Fact]
    public async Task A_fixed_api_version_is_used_as_given()
    {
        using var client = new DockerClient(new DockerClientOptions { ApiVersion = "1.40" });

        Assert.Equal("1.40", await client.System.GetApiVersionAsync());
        Assert.NotNull((await client.System.InfoAsync()).ServerVersion);
    }

    [Fact]
    public async Task Info_reports_cpus_memory_runtimes_and_swarm()
    {
        var info = await docker.Client.System.InfoAsync();

        Assert.True(info.NCPU >= 1);
        Assert.True(info.MemTotal > 0);
        Assert.NotNull(info.Runtimes);
        Assert.Contains("runc", info.Runtimes.Keys);
        Assert.Equal(info.Runtimes.ContainsKey("nvidia"), info.HasNvidiaRuntime);
        Assert.False(string.IsNullOrEmpty(info.Swarm?.LocalNodeState));
        Assert.False(string.IsNullOrEmpty(info.ServerVersion));
    }

    [Fact]
    public async Task Events_are_seen_for_start_and_die()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await docker.RunBashAsync("exit 3");
        await docker.Client.Containers.WaitAsync(id);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var filters = docker.RunFilter().Add("type", "container").Add("container", id).Add("event", "start").Add("event", "die");
        var seen = new List<DockerEvent>();
        await foreach (var e in docker.Client.System.EventsAsync(new EventsParameters { Filters = filters, Since = since }, timeout.Token))
        {
            seen.Add(e);
            if (seen.Any(x => x.Action == "die"))
            {
                break;
            }
        }

        Assert.Equal(["start", "die"], seen.Select(e => e.Action));
        Assert.All(seen, e => Assert.Equal(id, e.Actor?.ID));
        Assert.Equal("3", seen[1].Actor?.Attributes?["exitCode"]);
        Assert.Equal(docker.RunId, seen[1].Actor?.Attributes?[DockerFixture.RunLabel]);
        Assert.True(seen[1].Timestamp > since);
    }

    [Fact]
    public async Task Live_events_arrive_while_streaming()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var name = docker.Name("live-events");
        var filters = docker.RunFilter().Add("type", "container").Add("event", "create").Add("container", name);
        await using var events = docker.Client.System.EventsAsync(filters, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(500);

        var id = await docker.RunBashAsync("true", start: false, p => p.Name = name);

        Assert.True(await next);
        Assert.Equal("create", events.Current.Action);
        Assert.Equal(id, events.Current.Actor?.ID);
    }
}
