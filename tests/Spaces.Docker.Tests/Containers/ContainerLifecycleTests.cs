using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Containers;

[Collection(DockerCollection.Name)]
public sealed class ContainerLifecycleTests(DockerFixture docker)
{
    [Fact]
    public async Task Create_start_restart_kill_wait_inspect_list_and_remove()
    {
        var containers = docker.Client.Containers;
        var id = await docker.RunBashAsync("exec sleep 300", start: false, p =>
        {
            p.Env = ["SPACE_NAME=test"];
            p.WorkingDir = "/tmp";
            p.StopTimeout = 1;
            p.HostConfig!.RestartPolicy = new RestartPolicy { Name = "no" };
            p.HostConfig.LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "1m" } };
        });

        Assert.Equal("created", (await containers.InspectAsync(id)).State?.Status);
        Assert.True(await containers.StartAsync(id));
        Assert.False(await containers.StartAsync(id));
        var running = await containers.InspectAsync(id);
        Assert.True(running.State?.Running);
        Assert.Contains("SPACE_NAME=test", running.Config?.Env ?? []);
        Assert.Equal("/tmp", running.Config?.WorkingDir);
        Assert.Equal("1m", running.HostConfig?.LogConfig?.Config?["max-size"]);

        await containers.RestartAsync(id, TimeSpan.Zero);
        var restarted = await containers.InspectAsync(id);
        Assert.True(restarted.State?.Running);
        Assert.True(restarted.State?.StartedAt > running.State?.StartedAt);

        var listed = await containers.ListAsync(new ContainersListParameters { Filters = docker.RunFilter() });
        Assert.Contains(listed, c => c.Id == id && c.State == "running" && c.Labels?[DockerFixture.ManagedLabel] == "true");

        var wait = containers.WaitAsync(id);
        await containers.KillAsync(id, "SIGKILL");
        Assert.Equal(137, (await wait).StatusCode);
        var exited = await containers.InspectAsync(id);
        Assert.Equal("exited", exited.State?.Status);
        Assert.Equal(137, exited.State?.ExitCode);
        Assert.True(exited.State?.FinishedAt >= exited.State?.StartedAt);
        Assert.False(await containers.StopAsync(id));
        await Assert.ThrowsAsync<DockerConflictException>(() => containers.KillAsync(id));

        await containers.RemoveAsync(id, removeVolumes: true);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => containers.InspectAsync(id));
    }

    [Fact]
    public async Task Stop_ends_a_running_container()
    {
        var id = await docker.RunBashAsync("trap 'exit 0' TERM; while :; do sleep 0.1; done");

        Assert.True(await docker.Client.Containers.StopAsync(id, TimeSpan.FromSeconds(5)));

        var state = (await docker.Client.Containers.InspectAsync(id)).State;
        Assert.False(state?.Running);
        Assert.Equal(0, state?.ExitCode);
    }

    [Fact]
    public async Task A_health_check_reports_healthy()
    {
        var id = await docker.RunBashAsync("exec sleep 60", configure: p => p.Healthcheck = new HealthConfig
        {
            Test = ["CMD-SHELL", "test -d /proc"],
            Interval = HealthConfig.Nanoseconds(TimeSpan.FromMilliseconds(200)),
            Timeout = HealthConfig.Nanoseconds(TimeSpan.FromSeconds(2)),
            Retries = 3,
        });

        var deadline = DateTime.UtcNow.AddSeconds(15);
        ContainerHealth? health;
        do
        {
            health = (await docker.Client.Containers.InspectAsync(id)).State?.Health;
            if (health?.Status == "healthy")
            {
                break;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("healthy", health?.Status);
        Assert.Contains(health!.Log ?? [], l => l.ExitCode == 0);
    }

    [Fact]
    public async Task A_container_over_its_memory_limit_is_oom_killed()
    {
        var id = await docker.RunBashAsync("exec tail /dev/zero", configure: p =>
        {
            p.HostConfig!.Memory = 32 * 1024 * 1024;
            p.HostConfig.MemorySwap = 32 * 1024 * 1024;
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await docker.Client.Containers.WaitAsync(id, cancellationToken: timeout.Token);

        var state = (await docker.Client.Containers.InspectAsync(id)).State;
        Assert.Equal(137, exit.StatusCode);
        Assert.True(state?.OOMKilled, "State.OOMKilled should be true for a container killed at its memory limit");
    }

    [Fact]
    public async Task A_gpu_request_is_refused_with_a_typed_clear_error()
    {
        var error = await Assert.ThrowsAsync<DockerGpuUnavailableException>(() => docker.RunBashAsync("true", configure: p =>
            p.HostConfig!.DeviceRequests = [new DeviceRequest { Driver = "", Count = -1, Capabilities = [["gpu"]] }]));

        Assert.Contains("could not select device driver", error.EngineMessage, StringComparison.Ordinal);
        Assert.Contains("GPU", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DockerException>(error);
    }

    [Fact]
    public async Task A_missing_image_is_not_found()
    {
        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = $"spaces-test/no-such-image-{docker.RunId}:latest",
            Labels = docker.Labels(),
        }));

        Assert.Contains("no such image", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_malformed_image_name_is_a_bad_request()
    {
        var error = await Assert.ThrowsAsync<DockerBadRequestException>(() => docker.Client.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = "Not A Valid//Reference",
            Labels = docker.Labels(),
        }));

        Assert.Contains("invalid reference format", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict()
    {
        var name = docker.Name("taken");
        await docker.RunBashAsync("true", start: false, p => p.Name = name);

        await Assert.ThrowsAsync<DockerConflictException>(() => docker.RunBashAsync("true", start: false, p => p.Name = name));
    }
}
