using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Volumes;

[Collection(DockerCollection.Name)]
public sealed class VolumeTests(DockerFixture docker)
{
    [Fact]
    public async Task Create_mount_inspect_list_and_remove()
    {
        var name = docker.Name("vol");
        var created = await docker.Client.Volumes.CreateAsync(new VolumeCreateParameters { Name = name, Labels = docker.Labels() });
        Assert.Equal(name, created.Name);

        var id = await docker.RunBashAsync("echo kept > /data/file && cat /data/file", configure: p => p.HostConfig!.Mounts =
            [new Mount { Type = "volume", Source = name, Target = "/data" }]);
        Assert.Equal(0, (await docker.Client.Containers.WaitAsync(id)).StatusCode);
        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Volumes.RemoveAsync(name));
        await docker.Client.Containers.RemoveAsync(id);

        var volume = await docker.Client.Volumes.InspectAsync(name);
        Assert.Equal("local", volume.Driver);
        Assert.Equal(docker.RunId, volume.Labels?[DockerFixture.RunLabel]);
        Assert.Contains(await docker.Client.Volumes.ListAsync(docker.RunFilter()), v => v.Name == name);

        await docker.Client.Volumes.RemoveAsync(name);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Volumes.InspectAsync(name));
    }

    [Fact]
    public async Task A_read_only_bind_mount_cannot_be_written()
    {
        var directory = Directory.CreateTempSubdirectory("spaces-bind-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "model.onnx"), "weights");
            var id = await docker.RunBashAsync("cat /models/model.onnx; touch /models/x", configure: p => p.HostConfig!.Binds =
                [$"{directory.FullName}:/models:ro"]);

            var exit = await docker.Client.Containers.WaitAsync(id);
            var lines = new List<LogLine>();
            await foreach (var line in docker.Client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters()))
            {
                lines.Add(line);
            }

            Assert.NotEqual(0, exit.StatusCode);
            Assert.Contains(lines, l => l.Stream == LogStreamKind.Stdout && l.Text == "weights");
            Assert.Contains(lines, l => l.Stream == LogStreamKind.Stderr && l.Text.Contains("Read-only file system", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
