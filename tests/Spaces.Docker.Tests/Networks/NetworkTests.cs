using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Networks;

[Collection(DockerCollection.Name)]
public sealed class NetworkTests(DockerFixture docker)
{
    [Fact]
    public async Task Create_inspect_list_connect_disconnect_and_remove()
    {
        var name = docker.Name("net");
        var created = await docker.Client.Networks.CreateAsync(new NetworkCreateParameters
        {
            Name = name,
            Labels = docker.Labels(("spaces.space", "test/net")),
            Options = new() { [BridgeOptions.EnableIpMasquerade] = "false", [BridgeOptions.EnableIcc] = "false" },
        });

        var network = await docker.Client.Networks.InspectAsync(name);
        Assert.Equal(created.Id, network.Id);
        Assert.Equal("bridge", network.Driver);
        Assert.Equal("test/net", network.Labels?["spaces.space"]);
        Assert.Equal("false", network.Options?[BridgeOptions.EnableIcc]);
        Assert.Contains(await docker.Client.Networks.ListAsync(docker.RunFilter()), n => n.Id == created.Id);
        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Networks.CreateAsync(new NetworkCreateParameters
        {
            Name = name,
            Labels = docker.Labels(),
        }));

        var container = await docker.RunBashAsync("exec sleep 60", configure: p => p.HostConfig!.NetworkMode = null);
        await docker.Client.Networks.ConnectAsync(created.Id, new NetworkConnectParameters { Container = container });
        Assert.Contains(container, (await docker.Client.Networks.InspectAsync(created.Id)).Containers?.Keys ?? Enumerable.Empty<string>());
        await docker.Client.Networks.DisconnectAsync(created.Id, new NetworkDisconnectParameters { Container = container, Force = true });
        Assert.DoesNotContain(container, (await docker.Client.Networks.InspectAsync(created.Id)).Containers?.Keys ?? Enumerable.Empty<string>());

        await docker.Client.Networks.RemoveAsync(created.Id);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Networks.InspectAsync(created.Id));
    }
}
