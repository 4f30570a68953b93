using Spaces.Docker.Context;
using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Images;

[Collection(DockerCollection.Name)]
public sealed class BuildTests(DockerFixture docker)
{
    private async Task<MemoryStream> ContextAsync(string dockerfile, params BuildContextFile[] files) =>
        await BuildContext.FromFiles([BuildContextFile.Text("Dockerfile", dockerfile), .. files]).ToTarStreamAsync();

    [Fact]
    public async Task A_build_streams_progress_and_returns_a_labelled_tagged_image()
    {
        var tag = $"spaces-test/build-ok:{docker.RunId}";
        using var context = await ContextAsync($"""
            FROM {DockerFixture.BaseImage}
            {docker.LabelInstruction}
            ARG GREETING=unset
            COPY message.txt /message.txt
            RUN echo "$GREETING" > /greeting.txt && cat /message.txt
            """, BuildContextFile.Text("message.txt", "built by spaces\n"));
        var progress = new List<BuildProgress>();

        var result = await docker.Client.Images.BuildAsync(
            context,
            new ImageBuildParameters
            {
                Tags = [tag],
                Labels = docker.Labels(("spaces.space", "test/build-ok")),
                BuildArgs = new() { ["GREETING"] = "hello" },
                NetworkMode = "none",
                NoCache = true,
            },
            new SynchronousProgress<BuildProgress>(progress.Add));

        Assert.StartsWith("sha256:", result.ImageId, StringComparison.Ordinal);
        // The engine adds one LABEL step per build label after the Dockerfile's five steps.
        Assert.Contains(progress, p => p.Stream?.StartsWith("Step 1/8 : FROM", StringComparison.Ordinal) == true);
        Assert.Contains("built by spaces", result.Output, StringComparison.Ordinal);
        var image = await docker.Client.Images.InspectAsync(tag);
        Assert.Equal(result.ImageId, image.Id);
        Assert.Equal("test/build-ok", image.Config?.Labels?["spaces.space"]);
        Assert.Equal("true", image.Config?.Labels?[DockerFixture.ManagedLabel]);
    }

    [Fact]
    public async Task A_failed_build_names_the_failing_step_and_its_message()
    {
        using var context = await ContextAsync($"""
            FROM {DockerFixture.BaseImage}
            {docker.LabelInstruction}
            RUN echo first step works
            RUN echo about to fail && exit 3
            RUN echo never reached
            """);

        var error = await Assert.ThrowsAsync<DockerBuildException>(() => docker.Client.Images.BuildAsync(
            context, new ImageBuildParameters { Labels = docker.Labels(), NetworkMode = "none" }));

        // Two build labels add two steps to the Dockerfile's five.
        Assert.Equal("Step 4/7 : RUN echo about to fail && exit 3", error.Step);
        Assert.Contains("returned a non-zero code: 3", error.EngineMessage, StringComparison.Ordinal);
        Assert.Contains("Step 4/7 : RUN echo about to fail && exit 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("about to fail", error.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_raw_stream_shows_the_error_object_of_a_failed_build()
    {
        using var context = await ContextAsync($"""
            FROM {DockerFixture.BaseImage}
            {docker.LabelInstruction}
            RUN false
            """);

        var items = new List<BuildProgress>();
        await foreach (var item in docker.Client.Images.StreamBuildAsync(context, new ImageBuildParameters { Labels = docker.Labels() }))
        {
            items.Add(item);
        }

        Assert.True(items[^1].IsError);
        Assert.Contains("non-zero code: 1", items[^1].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dockerfile_at_another_path_is_used_and_a_missing_file_is_reported()
    {
        using var context = await ContextAsync("FROM scratch\n", BuildContextFile.Text("docker/App.Dockerfile", $"""
            FROM {DockerFixture.BaseImage}
            {docker.LabelInstruction}
            COPY not-in-context.txt /
            """));

        var error = await Assert.ThrowsAsync<DockerBuildException>(() => docker.Client.Images.BuildAsync(
            context, new ImageBuildParameters { Dockerfile = "docker/App.Dockerfile", Labels = docker.Labels() }));

        Assert.Equal("Step 3/5 : COPY not-in-context.txt /", error.Step);
        Assert.Contains("not-in-context.txt", error.EngineMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_test_image_builds_from_scratch()
    {
        var tag = await docker.GetHttpImageAsync();

        var image = await docker.Client.Images.InspectAsync(tag);

        Assert.Equal("1000:1000", image.Config?.User);
        Assert.Contains("7860/tcp", image.Config?.ExposedPorts?.Keys ?? Enumerable.Empty<string>());
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
