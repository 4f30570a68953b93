using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Spaces.Onnx.Benchmarks;

/// <summary>
/// The real platform (a Release build of Spaces.Web) in its own process on a loopback port with a temporary data directory,
/// and a write token for a user <c>bench</c> made with its <c>admin create-token</c> verb. Disposal stops it and deletes the directory.
/// </summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PlatformProcess(Process process, string dataDir, Uri address, string token)
    {
        _process = process;
        DataDir = dataDir;
        Address = address;
        Token = token;
    }

    public string DataDir { get; }

    public Uri Address { get; }

    public string Token { get; }

    public static async Task<PlatformProcess> StartAsync(string webDll)
    {
        webDll = Path.GetFullPath(webDll);
        var dataDir = Directory.CreateTempSubdirectory("spaces-bench-oip-").FullName;
        var token = (await RunToEndAsync(webDll, dataDir, "admin", "create-token", "--user", "bench", "--role", "write")).Trim();
        var port = FreePort();
        var start = Start(webDll, dataDir);
        start.Environment["SPACES_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {webDll} did not start.");
        var log = File.CreateText(Path.Combine(dataDir, "platform.log"));
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var platform = new PlatformProcess(process, dataDir, new Uri($"http://127.0.0.1:{port}"), token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = 0; ; waited++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(platform.Address, "/healthz"))).IsSuccessStatusCode)
                {
                    return platform;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || waited > 120)
            {
                await platform.DisposeAsync();
                throw new InvalidOperationException($"The platform did not answer /healthz (exit {(process.HasExited ? process.ExitCode : -1)}); see its log.");
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // The log writer may still hold a file for a moment; the directory is in the temp folder.
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
            log.Flush();
        }
    }

    private static ProcessStartInfo Start(string webDll, string dataDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
        };
        start.ArgumentList.Add(webDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SPACES_DATA_DIR"] = dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    private static async Task<string> RunToEndAsync(string webDll, string dataDir, params string[] args)
    {
        using var process = Process.Start(Start(webDll, dataDir, args)) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{string.Join(' ', args)} failed: {await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
