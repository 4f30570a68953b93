using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Containers;

[Collection(DockerCollection.Name)]
public sealed class PublishedPortTests(DockerFixture docker)
{
    [Fact]
    public async Task A_hardened_container_on_its_own_network_answers_on_its_127_0_0_1_port()
    {
        var network = await docker.Client.Networks.CreateAsync(new NetworkCreateParameters
        {
            Name = docker.Name("net"),
            Labels = docker.Labels(),
            Options = new()
            {
                [BridgeOptions.EnableIpMasquerade] = "false",
                [BridgeOptions.EnableIcc] = "false",
            },
        });
        var created = await docker.Client.Containers.CreateAsync(new CreateContainerParameters
        {
            Name = docker.Name("http"),
            Image = await docker.GetHttpImageAsync(),
            User = "1000:1000",
            Labels = docker.Labels(("spaces.space", "test/http")),
            ExposedPorts = new() { ["7860/tcp"] = EmptyObject.Instance },
            HostConfig = new HostConfig
            {
                Memory = 64 * 1024 * 1024,
                MemorySwap = 64 * 1024 * 1024,
                NanoCpus = 500_000_000,
                PidsLimit = 64,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                ReadonlyRootfs = true,
                Tmpfs = new() { ["/tmp"] = "rw,size=16m" },
                PortBindings = new() { ["7860/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                NetworkMode = network.Id,
            },
        });
        await docker.Client.Containers.StartAsync(created.ID);

        var container = await docker.Client.Containers.InspectAsync(created.ID);
        var port = container.GetPublishedPort("7860/tcp");

        Assert.NotNull(port);
        Assert.Equal("127.0.0.1", container.NetworkSettings?.Ports?["7860/tcp"]?[0].HostIp);
        Assert.Equal(["ALL"], container.HostConfig?.CapDrop);
        Assert.True(container.HostConfig?.ReadonlyRootfs);
        Assert.Equal(64, container.HostConfig?.PidsLimit);
        Assert.Equal(500_000_000, container.HostConfig?.NanoCpus);
        Assert.Contains(network.Id, container.NetworkSettings?.Networks?.Values.Select(n => n.NetworkID) ?? []);
        Assert.Equal("hello from spaces\n", await GetWithRetryAsync($"http://127.0.0.1:{port}/"));

        var inspected = await docker.Client.Networks.InspectAsync(network.Id);
        Assert.Equal("false", inspected.Options?[BridgeOptions.EnableIpMasquerade]);
        Assert.Equal("false", inspected.Options?[BridgeOptions.EnableIcc]);
        Assert.Contains(created.ID, inspected.Containers?.Keys ?? Enumerable.Empty<string>());
    }

    private static async Task<string> GetWithRetryAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
