using System.Net;
using System.Net.Sockets;

namespace Spaces.Docker.Transport;

/// <summary>A parsed engine address in <c>DOCKER_HOST</c> syntax: a unix socket path or a TCP host and port.</summary>
internal sealed class DockerEndpoint
{
    private DockerEndpoint(string display, EndPoint socketEndPoint, bool isUnix)
    {
        Display = display;
        SocketEndPoint = socketEndPoint;
        IsUnix = isUnix;
    }

    /// <summary>The address as people write it, e.g. <c>unix:///var/run/docker.sock</c>.</summary>
    public string Display { get; }

    public EndPoint SocketEndPoint { get; }

    public bool IsUnix { get; }

    /// <summary>Resolves the address from the option, then <c>DOCKER_HOST</c>, then the default socket.</summary>
    public static DockerEndpoint Resolve(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        }
        return Parse(string.IsNullOrWhiteSpace(host) ? DockerClientOptions.DefaultHost : host.Trim());
    }

    public static DockerEndpoint Parse(string host)
    {
        if (host.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = host["unix://".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"Docker host '{host}' names no socket path.", nameof(host));
            }
            return new DockerEndpoint("unix://" + path, new UnixDomainSocketEndPoint(path), isUnix: true);
        }
        if (host.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate("http://" + host["tcp://".Length..].TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                throw new ArgumentException($"Docker host '{host}' is not a valid tcp://host:port address.", nameof(host));
            }
            var port = uri.IsDefaultPort ? 2375 : uri.Port;
            EndPoint endPoint = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip)
                ? new IPEndPoint(ip, port)
                : new DnsEndPoint(uri.Host, port);
            return new DockerEndpoint($"tcp://{uri.Host}:{port}", endPoint, isUnix: false);
        }
        throw new ArgumentException(
            $"Docker host '{host}' is not supported: use unix:///path/to/docker.sock or tcp://host:port.", nameof(host));
    }

    /// <summary>Says in people's words why connecting failed.</summary>
    public string DescribeConnectFailure(SocketException ex)
    {
        if (IsUnix && SocketEndPoint.ToString() is { } path && !File.Exists(path))
        {
            return "the socket file does not exist (dockerd is not running)";
        }
        return ex.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing is listening)",
            SocketError.AccessDenied => "permission denied (run as root or as a member of the docker group)",
            SocketError.HostNotFound or SocketError.NoData => "the host name does not resolve",
            SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable => "the host does not answer",
            _ => ex.Message,
        };
    }

    public override string ToString() => Display;
}
