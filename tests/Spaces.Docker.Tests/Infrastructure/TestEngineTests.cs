using Spaces.TestSupport;

namespace Spaces.Docker.Tests.Infrastructure;

/// <summary>The shared engine check of the functional test fixtures fails, never skips, and says how to get what is missing.</summary>
[Collection(DockerCollection.Name)]
public sealed class TestEngineTests(DockerFixture docker)
{
    [Fact]
    public async Task An_unreachable_engine_fails_naming_the_tests_and_how_to_start_dockerd()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = $"unix:///tmp/spaces-no-such-{Guid.NewGuid():N}.sock" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestEngine.RequireAsync(client, "These tests"));

        Assert.StartsWith("These tests need a running Docker engine", error.Message, StringComparison.Ordinal);
        Assert.Contains("setsid nohup dockerd", error.Message, StringComparison.Ordinal);
        Assert.IsType<DockerUnreachableException>(error.InnerException);
    }

    [Fact]
    public async Task Missing_images_are_named_with_how_to_build_them_and_present_ones_pass()
    {
        var absent = $"spaces-test/absent-{docker.RunId}:1";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestEngine.RequireAsync(docker.Client, "These tests", [TestEngine.BaseImage, absent]));
        await TestEngine.RequireAsync(docker.Client, "These tests", [TestEngine.BaseImage], busybox: true);

        Assert.Contains($"the image {absent}, which the engine does not have", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestEngine.BaseImage, error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/lib/prepare.sh", error.Message, StringComparison.Ordinal);
    }
}
