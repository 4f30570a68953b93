namespace Spaces.Docker;

/// <summary>Where and how <see cref="DockerClient"/> talks to the Docker engine.</summary>
public sealed class DockerClientOptions
{
    /// <summary>The default engine address when neither <see cref="Host"/> nor <c>DOCKER_HOST</c> is set.</summary>
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>
    /// Engine address in <c>DOCKER_HOST</c> syntax: <c>unix:///path/to/docker.sock</c> or <c>tcp://host:port</c>.
    /// Default <c>null</c>: the <c>DOCKER_HOST</c> environment variable, else <see cref="DefaultHost"/>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// Engine API version to speak, e.g. <c>1.41</c>. Default <c>null</c>: negotiated once from <c>GET /version</c> as
    /// the lower of the engine's version and the newest version this client knows.
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary>Time allowed to open a connection to the engine. Default 10 seconds. Requests themselves have no timeout.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
