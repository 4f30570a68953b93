using System.Text;
using Spaces.Docker.Images;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Streams;

public sealed class JsonObjectStreamTests
{
    private const string FailedBuild =
        "{\"stream\":\"Step 1/3 : FROM spaces/base:bookworm\"}\r\n{\"stream\":\"\\n\"}\r\n" +
        "{\"stream\":\" ---\\u003e 0f03f11d4a0c\\n\"}\r\n" +
        "{\"stream\":\"Step 2/3 : RUN echo \\\"{not json}\\\"\"}\n{\"stream\":\"\\n\"}" +
        "{\"stream\":\"Step 3/3 : RUN false\"}\r\n{\"stream\":\"\\n\"}\r\n" +
        "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}," +
        "\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\r\n" +
        "{\"stream\":\"after the error ✓\\n\"}\r\n";

    private static async Task<List<BuildProgress>> ParseAsync(Stream stream)
    {
        var items = new List<BuildProgress>();
        await foreach (var item in JsonObjectStream.ReadAllAsync(stream, DockerJsonContext.Default.BuildProgress))
        {
            items.Add(item);
        }
        return items;
    }

    private static void AssertFailedBuild(List<BuildProgress> items)
    {
        Assert.Equal(9, items.Count);
        Assert.Equal("Step 3/3 : RUN false", items[5].Stream);
        Assert.True(items[7].IsError);
        Assert.Equal("after the error ✓\n", items[8].Stream);
    }

    [Fact]
    public async Task Objects_fed_one_byte_at_a_time_are_all_read()
    {
        AssertFailedBuild(await ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(FailedBuild), 1)));
    }

    [Fact]
    public async Task Objects_split_at_every_position_are_all_read()
    {
        var data = Encoding.UTF8.GetBytes(FailedBuild);
        for (var split = 1; split < data.Length; split++)
        {
            AssertFailedBuild(await ParseAsync(new ChunkedStream(data, split, int.MaxValue)));
        }
    }

    [Fact]
    public async Task An_error_object_mid_stream_fails_the_build_naming_the_step()
    {
        var outcome = new BuildOutcome();
        foreach (var item in await ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(FailedBuild), 5)))
        {
            outcome.Observe(item);
        }

        var error = Assert.Throws<DockerBuildException>(outcome.Finish);

        Assert.Equal("Step 3/3 : RUN false", error.Step);
        Assert.Equal("The command '/bin/sh -c false' returned a non-zero code: 1", error.EngineMessage);
        Assert.Contains("Step 3/3 : RUN false", error.Message, StringComparison.Ordinal);
        Assert.Contains("returned a non-zero code: 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_build_yields_the_image_id_from_aux()
    {
        const string Ok = "{\"stream\":\"Step 1/1 : FROM scratch\"}{\"stream\":\"\\n\"}" +
            "{\"aux\":{\"ID\":\"sha256:abc123\"}}{\"stream\":\"Successfully built abc123\\n\"}";
        var outcome = new BuildOutcome();
        foreach (var item in await ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(Ok), 2)))
        {
            outcome.Observe(item);
        }

        var result = outcome.Finish();

        Assert.Equal("sha256:abc123", result.ImageId);
        Assert.Contains("Successfully built", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_ending_inside_an_object_is_an_error()
    {
        var data = Encoding.UTF8.GetBytes("{\"stream\":\"ok\"}\n{\"stream\":\"cut he");

        await Assert.ThrowsAsync<DockerStreamException>(() => ParseAsync(new ChunkedStream(data, 4)));
    }

    [Fact]
    public async Task Malformed_json_is_an_error()
    {
        await Assert.ThrowsAsync<DockerStreamException>(() => ParseAsync(new MemoryStream("{\"stream\": nope}"u8.ToArray())));
    }

    [Fact]
    public async Task An_object_larger_than_the_initial_buffer_is_read()
    {
        var text = new string('x', 100_000);
        var data = Encoding.UTF8.GetBytes($"{{\"stream\":\"{text}\"}}\n{{\"stream\":\"next\"}}");

        var items = await ParseAsync(new ChunkedStream(data, 1000));

        Assert.Equal([text, "next"], items.Select(i => i.Stream));
    }

    [Fact]
    public async Task Stats_objects_parse_and_compute_cpu_and_memory()
    {
        const string Sample = """
            {"read":"2024-01-01T00:00:01.5Z","preread":"2024-01-01T00:00:00.5Z",
             "cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":20000000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":2000000000},"system_cpu_usage":18000000000,"online_cpus":2},
             "memory_stats":{"usage":104857600,"limit":209715200,"stats":{"total_inactive_file":4857600}}}
            """;
        var samples = new List<ContainerStatsResponse>();
        await foreach (var sample in JsonObjectStream.ReadAllAsync(
            new ChunkedStream(Encoding.UTF8.GetBytes(Sample + Sample), 7), DockerJsonContext.Default.ContainerStatsResponse))
        {
            samples.Add(sample);
        }

        Assert.Equal(2, samples.Count);
        // 1e9 / 2e9 * 2 CPUs * 100 = 100 % (one full core).
        Assert.Equal(100.0, samples[0].CpuPercent, 3);
        Assert.Equal(100_000_000UL, samples[0].MemoryUsage);
        Assert.Equal(209_715_200UL, samples[0].MemoryLimit);
    }
}
