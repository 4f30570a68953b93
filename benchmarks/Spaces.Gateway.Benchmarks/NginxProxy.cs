using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Spaces.Gateway.Benchmarks;

/// <summary>Debian's nginx as a keep-alive reverse proxy to the upstream, from a temporary prefix (config, pid, logs), in the foreground.</summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;
    private readonly string _config;

    private NginxProxy(Process process, string prefix, string config, Uri address)
    {
        _process = process;
        _prefix = prefix;
        _config = config;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The master process; its workers are its children.</summary>
    public int ProcessId => _process.Id;

    public static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo("nginx", "-v") { RedirectStandardError = true, UseShellExecute = false })!;
        var version = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    public static async Task<NginxProxy> StartAsync(Uri upstream)
    {
        var prefix = Directory.CreateTempSubdirectory("spaces-bench-nginx-").FullName;
        var port = FreePort();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes auto;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                upstream space { server {{upstream.Authority}}; keepalive 64; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://space;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $proxy_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", config, "-p", prefix, "-e", Path.Combine(prefix, "error.log") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
        var address = new Uri($"http://127.0.0.1:{port}/");
        await WaitForPortAsync(port, process, prefix);
        return new NginxProxy(process, prefix, config, address);
    }

    private static async Task WaitForPortAsync(int port, Process process, string prefix)
    {
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                var log = Path.Combine(prefix, "error.log");
                throw new InvalidOperationException($"nginx exited: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not listen in time.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // "nginx -s stop" signals the master through the pid file; the workers go with it.
        using (var stop = Process.Start(new ProcessStartInfo("nginx", ["-c", _config, "-p", _prefix, "-e", Path.Combine(_prefix, "error.log"), "-s", "stop"]) { UseShellExecute = false }))
        {
            await stop!.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }
}
