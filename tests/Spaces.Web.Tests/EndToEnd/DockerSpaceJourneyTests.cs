using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Docker.Models;
using Spaces.Runtime.Lifecycle;
using Spaces.Web.Tests.Api;
using Spaces.Web.Tests.Live;
using Xunit.Abstractions;

namespace Spaces.Web.Tests.EndToEnd;

/// <summary>Issue 4's "done when" through the whole platform: push to RUNNING, the hub live, SSE with curl, secrets kept out, deletion.</summary>
public sealed partial class DockerSpaceJourneyTests(DockerSpaceJourney journey, ITestOutputHelper output) : IClassFixture<DockerSpaceJourney>
{
    [Fact]
    public void A_pushed_dockerfile_space_reaches_running_and_answers_on_its_loopback_port()
    {
        output.WriteLine($"push to RUNNING (git push included): {journey.PushToRunning.TotalSeconds:F1} s");

        Assert.Contains("main -> main", journey.Push.Stderr);
        Assert.Equal(journey.PushedRevision, journey.Endpoint.Revision);
        Assert.Equal(journey.RepoId, journey.Endpoint.SpaceId);
        Assert.Equal(JourneyApp.Page, journey.IndexPage.Trim());
    }

    [Fact]
    public void A_hub_watcher_subscribed_before_the_push_gets_build_lines_while_the_build_runs_then_running()
    {
        var items = journey.HubItems;
        var described = DockerSpaceJourney.Describe(items);
        output.WriteLine(described);

        var start = IndexOf(items, 0, i => i.BuildLine?.Contains($"at {journey.PushedRevision}", StringComparison.Ordinal) == true);
        Assert.True(start >= 0, $"No build line announced the pushed revision {journey.PushedRevision}:\n{described}");
        var step = IndexOf(items, start, i => i.BuildLine is { } line && DockerStep().IsMatch(line));
        Assert.True(step >= 0, $"No Dockerfile step reached the hub after the build started:\n{described}");
        var running = IndexOf(items, step, i => i.Stage == "RUNNING");
        Assert.True(running > step, $"RUNNING did not follow the build lines:\n{described}");
        // While the line arrived, the last stage the watcher had been told was BUILDING: the build was running.
        var stageThen = items.Take(step).LastOrDefault(i => i.Stage is not null)?.Stage;
        Assert.Equal("BUILDING", stageThen);
        Assert.Contains(items.Skip(step), i => i.BuildLine?.StartsWith("Build succeeded", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Curl_reads_the_build_log_as_server_sent_events_in_the_hubs_shape()
    {
        var curl = journey.CurlBuildLog;
        output.WriteLine(curl.ToString());

        // 28: curl's --max-time ended a stream the server keeps open.
        Assert.True(curl.ExitCode == 28, curl.ToString());
        var events = curl.Stdout.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        Assert.All(events, e => Assert.StartsWith("data: {\"data\":", e));
        var lines = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement)
            .Select(json => (Line: json.GetProperty("data").GetString()!, At: json.GetProperty("timestamp").GetString()!)).ToList();
        Assert.InRange(lines.Count(l => l.Line.Length > 0), 1, 20);
        Assert.Contains(lines, l => DockerStep().IsMatch(l.Line));
        Assert.All(lines, l => Assert.True(DateTime.TryParse(l.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _), l.At));
    }

    [Fact]
    public void The_secret_reaches_the_app_but_no_build_log_run_log_or_image_layer()
    {
        var secret = journey.SecretValue;

        Assert.StartsWith(DockerSpaceJourney.Sha256(secret) + " ", journey.SecretHashPage);
        // The build saw no API_KEY: secrets are not build arguments.
        Assert.Contains(journey.StoredBuildLogs, l => l.Contains(JourneyApp.BuildTimeEcho + "]", StringComparison.Ordinal));
        Assert.Contains(journey.RunLog, l => l.Contains(JourneyApp.ServingLine, StringComparison.Ordinal));
        Assert.Contains($"data: {{\"data\":\"{JourneyApp.ServingLine}\"", journey.CurlRunLog.Stdout);
        Assert.Contains("/bin/busybox", journey.ImageHistory.Stdout);
        Assert.True(journey.ImageHistory.ExitCode == 0, journey.ImageHistory.ToString());
        Assert.True(journey.ImageInspect.ExitCode == 0, journey.ImageInspect.ToString());
        var places = new Dictionary<string, string>
        {
            ["stored build logs"] = string.Join('\n', journey.StoredBuildLogs),
            ["build log over SSE"] = journey.CurlBuildLog.Stdout,
            ["run log"] = string.Join('\n', journey.RunLog),
            ["run log over SSE"] = journey.CurlRunLog.Stdout,
            ["hub stream"] = DockerSpaceJourney.Describe(journey.HubItems),
            ["docker history --no-trunc"] = journey.ImageHistory.Stdout,
            ["docker image inspect"] = journey.ImageInspect.Stdout,
        };
        Assert.All(places, place => Assert.False(place.Value.Contains(secret, StringComparison.Ordinal), $"The secret's value is in the {place.Key}."));
    }

    [Fact]
    public void Metrics_stream_samples_of_the_running_container()
    {
        var samples = journey.CurlMetrics.Stdout.Split('\n')
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => System.Text.Json.JsonDocument.Parse(line["data: ".Length..]).RootElement)
            .ToList();

        Assert.True(samples.Count >= 1, "no metrics sample in 3 s:\n" + journey.CurlMetrics);
        Assert.All(samples, sample => Assert.True(sample.GetProperty("memory").GetInt64() > 0, sample.GetRawText()));
        Assert.Contains(samples, sample => sample.GetProperty("memoryLimit").GetInt64() > 0);
    }

    [Fact]
    public async Task Deleting_the_space_removes_its_containers_images_network_and_volumes()
    {
        using var client = journey.Factory.CreateClient(journey.Token);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/repos/delete")
        {
            Content = JsonContent.Create(new { name = DockerSpaceJourney.Name, type = "space" }),
        };

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.SendAsync(delete));

        var left = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && (left = await LeftoversAsync()).Length > 0)
        {
            await Task.Delay(200);
        }

        Assert.True(left.Length == 0, $"Still in the engine 30 s after the deletion: {left}");
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await client.GetAsync($"/api/spaces/{journey.SpaceId}/runtime"));
        Assert.Null(await journey.Factory.Services.GetRequiredService<ISpaceControl>().GetEndpointAsync(journey.RepoId));
        Assert.False(await journey.Docker.Images.ExistsAsync(journey.ImageId), $"Image {journey.ImageId} is still there.");
    }

    private async Task<string> LeftoversAsync()
    {
        var docker = journey.Docker;
        var filter = journey.SpaceFilter();
        var containers = await docker.Containers.ListAsync(new ContainersListParameters { All = true, Filters = filter });
        var images = await docker.Images.ListAsync(new ImagesListParameters { All = true, Filters = filter });
        var networks = await docker.Networks.ListAsync(filter);
        var volumes = await docker.Volumes.ListAsync(filter);
        return string.Join(", ", [
            .. containers.Select(c => $"container {c.Id[..12]}"),
            .. images.Select(i => $"image {i.Id}"),
            .. networks.Select(n => $"network {n.Name}"),
            .. volumes.Select(v => $"volume {v.Name}")]);
    }

    private static int IndexOf(IReadOnlyList<HubItem> items, int from, Func<HubItem, bool> match)
    {
        for (var i = from; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // The classic builder's step header, e.g. "Step 1/6 : FROM spaces/base:bookworm".
    [GeneratedRegex(@"^Step \d+/\d+ : ")]
    private static partial Regex DockerStep();
}
