namespace Spaces.Docker.Tests.Transport;

public sealed class UnreachableEngineTests
{
    [Fact]
    public async Task A_missing_socket_names_it_and_says_how_to_start_dockerd()
    {
        var path = $"/tmp/spaces-no-such-{Guid.NewGuid():N}.sock";
        using var client = new DockerClient(new DockerClientOptions { Host = "unix://" + path });

        var error = await Assert.ThrowsAsync<DockerUnreachableException>(() => client.System.PingAsync());

        Assert.Equal("unix://" + path, error.Endpoint);
        Assert.Contains("unix://" + path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("dockerd", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_tcp_port_is_unreachable_too()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = "tcp://127.0.0.1:1" });

        var error = await Assert.ThrowsAsync<DockerUnreachableException>(() => client.Containers.ListAsync());

        Assert.Contains("tcp://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_says_which_engine_it_talks_to()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = "unix:///run/docker.sock" });

        Assert.Equal("unix:///run/docker.sock", client.Endpoint);
    }
}
