using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Spaces;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Tests.Lifecycle;

[Collection(RuntimeCollection.Name)]
public sealed class DockerSpaceTests(RuntimeFixture fixture) : LifecycleTestBase(fixture)
{
    [Fact]
    public async Task A_docker_space_reaches_running_answers_on_its_loopback_port_and_runs_hardened()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("hello from a space"));

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);

        Assert.Equal(space.HeadCommit, runtime.RunningRevision);
        Assert.Equal("hello from a space\n", await TestApps.GetAsync(runtime.HostPort!.Value));
        Assert.Equal([SpaceStage.Building, SpaceStage.AppStarting, SpaceStage.Running], await Fixture.StagesOfAsync(space.Id));
        var endpoint = await Fixture.Lifecycle.GetEndpointAsync(space.Id);
        Assert.Equal(runtime.HostPort, endpoint?.HostPort);
        await Fixture.WaitForRunLogAsync(space.Id, "starting hello from a space");

        var container = await Fixture.Docker.Containers.InspectAsync(runtime.RunningContainerId!);
        var host = container.HostConfig!;
        Assert.Equal("1000:1000", container.Config!.User);
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Equal(["no-new-privileges"], host.SecurityOpt);
        Assert.True(host.ReadonlyRootfs);
        Assert.StartsWith("rw,", host.Tmpfs!["/tmp"], StringComparison.Ordinal);
        Assert.Equal(512, host.PidsLimit);
        Assert.Equal(2048L * 1024 * 1024, host.Memory);
        Assert.Equal(host.Memory, host.MemorySwap);
        Assert.Equal(1_000_000_000, host.NanoCpus);
        Assert.Equal("no", host.RestartPolicy?.Name);
        Assert.Equal(Fixture.Resources.NetworkName(space.Id), host.NetworkMode);
        Assert.Null(host.Binds);
        Assert.True(host.Init);
        Assert.All(container.NetworkSettings!.Ports!["7860/tcp"]!, b => Assert.Equal("127.0.0.1", b.HostIp));
        Assert.Equal(space.HeadCommit, container.Config.Labels![SpaceResources.RevisionLabel]);
        Assert.Equal("cpu-basic", container.Config.Labels[SpaceResources.HardwareLabel]);
        Assert.Equal("true", container.Config.Labels[SpaceResources.ManagedLabel]);
        var env = container.Config.Env!;
        Assert.Contains($"SPACE_ID=runner/{space.Name}", env);
        Assert.Contains($"SPACE_HOST=runner--{space.Name}.spaces.localhost:5080", env);
        Assert.Contains("SPACE_AUTHOR_NAME=runner", env);
        Assert.Contains($"SPACE_REPO_NAME={space.Name}", env);
        Assert.Contains($"SPACE_TITLE=Test {space.Name}", env);
        Assert.Contains("CPU_CORES=1", env);
        Assert.Contains("MEMORY=2Gi", env);
        Assert.Contains("ACCELERATOR=none", env);

        var network = await Fixture.Docker.Networks.InspectAsync(Fixture.Resources.NetworkName(space.Id));
        Assert.Equal("false", network.Options![Docker.Models.BridgeOptions.EnableIpMasquerade]);
        Assert.Equal("false", network.Options[Docker.Models.BridgeOptions.EnableIcc]);
        Assert.False(network.Internal);
    }

    [Fact]
    public async Task An_app_that_exits_gives_runtime_error_with_its_exit_code_and_last_lines()
    {
        var space = await CreateDockerSpaceAsync("echo 'loading the model'\necho 'no model found' >&2\nexit 3\n");

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.RuntimeError);

        Assert.Contains("exited with code 3", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("loading the model", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("no model found", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(runtime.RunningContainerId);
        Assert.Null(await Fixture.Lifecycle.GetEndpointAsync(space.Id));
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
        var errorLine = Assert.Single(Fixture.Notifications.Backlog(space.Id, LogKind.Run), l => l.Line == "no model found");
        Assert.True(errorLine.IsError);
    }

    [Fact]
    public async Task An_app_over_its_memory_limit_gives_the_memory_message()
    {
        var space = await CreateDockerSpaceAsync("echo eating\nexec tail /dev/zero\n", $"hardware: {RuntimeFixture.TinyFlavor}\n");

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.RuntimeError);

        Assert.StartsWith($"Memory limit exceeded ({RuntimeFixture.TinyMemoryMiB.ToString(CultureInfo.InvariantCulture)} MiB)", runtime.ErrorMessage,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gpu_flavor_on_a_host_without_an_nvidia_runtime_gives_a_clear_message()
    {
        var space = await CreateDockerSpaceAsync(TestApps.Serve("never"), "hardware: t4-small\n");

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.RuntimeError);

        Assert.StartsWith("This host has no NVIDIA GPU runtime", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("could not select device driver", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("choose a CPU flavor", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
    }

    [Fact]
    public async Task A_static_space_runs_without_a_container()
    {
        var space = await CreateSpaceAsync("static", new Dictionary<string, byte[]> { ["index.html"] = Encoding.UTF8.GetBytes("<h1>hi</h1>") });

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.Running);

        Assert.Equal(space.HeadCommit, runtime.RunningRevision);
        Assert.Null(runtime.RunningContainerId);
        Assert.Null(await Fixture.Lifecycle.GetEndpointAsync(space.Id));
        Assert.Empty(await Fixture.ContainersOfAsync(space.Id));
    }

    [Fact]
    public async Task A_wrong_config_or_unknown_flavor_stops_before_the_build()
    {
        var wrongType = await CreateDockerSpaceAsync(TestApps.Serve("x"), "app_port: lots\n");
        var unknownFlavor = await CreateDockerSpaceAsync(TestApps.Serve("x"), "hardware: quantum-xl\n");

        var typeError = await Fixture.WaitForStageAsync(wrongType.Id, SpaceStage.ConfigError);
        var flavorError = await Fixture.WaitForStageAsync(unknownFlavor.Id, SpaceStage.ConfigError);

        Assert.Contains("app_port", typeError.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("quantum-xl", flavorError.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("cpu-basic", flavorError.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([SpaceStage.ConfigError], await Fixture.StagesOfAsync(wrongType.Id));
    }

    [Fact]
    public async Task A_failing_dockerfile_gives_build_error()
    {
        var space = await CreateSpaceAsync("docker", new Dictionary<string, byte[]>
        {
            ["Dockerfile"] = Encoding.UTF8.GetBytes($"FROM {RuntimeFixture.BaseImage}\nLABEL {RuntimeFixture.RunLabel}={Fixture.RunId}\nRUN exit 7\n"),
        });

        var runtime = await Fixture.WaitForStageAsync(space.Id, SpaceStage.BuildError);

        Assert.False(string.IsNullOrEmpty(runtime.ErrorMessage));
        Assert.Equal([SpaceStage.Building, SpaceStage.BuildError], await Fixture.StagesOfAsync(space.Id));

        // The step's own failure, not the engine's: BUILD_ERROR at once, after one build (no wait for the engine, no retry).
        Assert.Contains("returned a non-zero code: 7", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Docker engine", runtime.ErrorMessage, StringComparison.Ordinal);
        Assert.Single(Fixture.Services.GetRequiredService<BuildLogStore>().ListBuilds(space.Id));
    }
}
