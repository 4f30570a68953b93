using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Spaces.E2E.Infrastructure;

/// <summary>
/// The real platform (Spaces.Web's Program) on a real port bound on localhost (IPv4 and IPv6), over a temporary data directory with
/// SQLite, the real Docker engine and the apps domain <c>spaces.localhost</c>, which Chromium resolves to loopback by itself.
/// </summary>
public sealed class PlatformHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <summary>Creates the host; <paramref name="settings"/> override configuration keys (e.g. <c>Spaces:Seeding:Enabled</c>).</summary>
    public PlatformHost(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Port = FreePort();
        DataDir = Path.Combine(Path.GetTempPath(), $"spaces-e2e-{Guid.NewGuid():N}");
        _settings = new Dictionary<string, string?>
        {
            ["Spaces:DataDir"] = DataDir,
            ["Spaces:AppsDomain"] = AppsDomain,
            ["Spaces:Seeding:Enabled"] = "false",
            ["Spaces:Runtime:BuildConcurrency"] = "4",
            // The platform's Program asks for a socket engine thread per core, which this test process (sockets in use before the
            // host starts) cannot have; Space connections still run on its one engine thread, as they do in the real process.
            ["Spaces:Gateway:InlineSpaceConnections"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(options => options.ListenLocalhost(Port));
    }

    /// <summary>The domain under which every Space has its own origin.</summary>
    public const string AppsDomain = "spaces.localhost";

    /// <summary>The port the platform listens on (platform and app origins alike).</summary>
    public int Port { get; }

    /// <summary>The data directory (repos, logs, SQLite); removed on dispose.</summary>
    public string DataDir { get; }

    /// <summary>The platform's origin as a browser sees it, e.g. <c>http://localhost:41234/</c>.</summary>
    public Uri BaseUrl => new($"http://localhost:{Port}/");

    /// <summary>The app origin of a Space, e.g. <c>http://alice--demo.spaces.localhost:41234/</c>.</summary>
    public Uri AppUrl(string owner, string name) => new($"http://{owner}--{name}.{AppsDomain}:{Port}/");

    /// <summary>Starts Kestrel (idempotent).</summary>
    public void Start() => StartServer();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the host reads wwwroot only from a publish folder; the build's manifest maps it to the sources here.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
