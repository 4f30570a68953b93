using System.Net;
using System.Net.Sockets;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Tests.Transport;

public sealed class DockerEndpointTests
{
    [Fact]
    public void Unix_addresses_name_the_socket()
    {
        var endpoint = DockerEndpoint.Parse("unix:///run/user/1000/docker.sock");

        Assert.True(endpoint.IsUnix);
        Assert.IsType<UnixDomainSocketEndPoint>(endpoint.SocketEndPoint);
        Assert.Equal("unix:///run/user/1000/docker.sock", endpoint.Display);
    }

    [Fact]
    public void Tcp_addresses_name_host_and_port()
    {
        var endpoint = DockerEndpoint.Parse("tcp://127.0.0.1:2376");

        Assert.False(endpoint.IsUnix);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2376), endpoint.SocketEndPoint);
        Assert.Equal("tcp://127.0.0.1:2376", endpoint.Display);
        Assert.IsType<DnsEndPoint>(DockerEndpoint.Parse("tcp://docker.internal:2375").SocketEndPoint);
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("unix://")]
    [InlineData("http://localhost:2375")]
    [InlineData("tcp://")]
    public void Unsupported_addresses_are_rejected(string host)
    {
        Assert.Throws<ArgumentException>(() => DockerEndpoint.Parse(host));
    }

    [Fact]
    public void The_default_is_the_local_socket()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 })
        {
            Assert.Equal(DockerEndpoint.Parse(Environment.GetEnvironmentVariable("DOCKER_HOST")!).Display, DockerEndpoint.Resolve(null).Display);
            return;
        }
        Assert.Equal("unix:///var/run/docker.sock", DockerEndpoint.Resolve(null).Display);
    }

    [Fact]
    public void Api_versions_compare_numerically()
    {
        Assert.Equal("1.41", ApiVersion.Min(ApiVersion.Parse("1.41"), ApiVersion.Newest).ToString());
        Assert.Equal("1.43", ApiVersion.Min(ApiVersion.Parse("1.45"), ApiVersion.Newest).ToString());
        Assert.True(ApiVersion.Parse("1.9").CompareTo(ApiVersion.Parse("1.10")) < 0);
        Assert.Throws<FormatException>(() => ApiVersion.Parse("one"));
    }

    [Fact]
    public void Path_segments_keep_image_references_and_refuse_dot_segments()
    {
        Assert.Equal("spaces/base:bookworm", PathSegment.Escape("spaces/base:bookworm"));
        Assert.Equal("a%20b%3Fc", PathSegment.Escape("a b?c"));
        Assert.Throws<ArgumentException>(() => PathSegment.Escape("../containers/x"));
        Assert.Throws<ArgumentException>(() => PathSegment.Escape(""));
    }

    [Fact]
    public void Times_are_formatted_as_unix_seconds_with_nanoseconds()
    {
        Assert.Equal("1.500000000", UnixTime.Format(DateTimeOffset.UnixEpoch.AddMilliseconds(1500)));
        Assert.Null(UnixTime.Format(null));
    }
}
