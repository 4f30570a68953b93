using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Spaces.Hub.Benchmarks;

/// <summary>
/// Uploading one large file through the real platform (its own process, Kestrel on loopback, multipart POST to
/// <c>/api/models/{id}/upload/main</c>, committed into git) against copying the same file on the same disk, in the same run.
/// </summary>
internal sealed class UploadBenchmark(string dataDir, long sizeBytes, int repetitions)
{
    public async Task<IReadOnlyList<(string Name, string Value)>> RunAsync()
    {
        var source = Path.Combine(dataDir, "upload-source.bin");
        await WriteRandomFileAsync(source, sizeBytes);
        var port = FreePort();
        using var platform = StartPlatform(port);
        try
        {
            var token = await CreateTokenAsync();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await WaitReadyAsync(client);
            (await client.PostAsJsonAsync("/api/repos/create", new { name = "big-model" })).EnsureSuccessStatusCode();

            var uploads = new List<double>();
            var copies = new List<double>();
            for (var i = 0; i < repetitions + 1; i++)
            {
                var copy = await TimeCopyAsync(source, Path.Combine(dataDir, $"copy-{i}.bin"));
                var upload = await TimeUploadAsync(client, source, $"weights-{i}.bin");
                if (i > 0)
                {
                    copies.Add(copy);
                    uploads.Add(upload);
                }
            }

            var copyMedian = Percentiles.Of(copies, 50);
            var uploadMedian = Percentiles.Of(uploads, 50);
            var mb = sizeBytes / 1e6;
            return
            [
                ($"upload {mb:0} MB through the API (multipart, committed), median of {repetitions}", $"{uploadMedian:0.00} s ({mb / uploadMedian:0} MB/s)"),
                ($"baseline: copy {mb:0} MB on the same disk (read + write + fsync), median", $"{copyMedian:0.00} s ({mb / copyMedian:0} MB/s)"),
                ("ratio upload speed / copy speed (goal >= 0.5)", $"{copyMedian / uploadMedian:0.00}"),
            ];
        }
        finally
        {
            platform.Kill(entireProcessTree: true);
            await platform.WaitForExitAsync();
        }
    }

    private async Task<string> CreateTokenAsync()
    {
        var admin = StartDotnet(["admin", "create-token", "--user", "bench", "--role", "write"], port: null);
        var token = (await admin.StandardOutput.ReadToEndAsync()).Trim();
        await admin.WaitForExitAsync();
        return admin.ExitCode == 0 ? token : throw new InvalidOperationException("scripts/admin create-token failed: " + await admin.StandardError.ReadToEndAsync());
    }

    private Process StartPlatform(int port) => StartDotnet([], port);

    private Process StartDotnet(IReadOnlyList<string> args, int? port)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "Spaces.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(web);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SPACES_DATA_DIR"] = dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (port is not null)
        {
            start.Environment["SPACES_URLS"] = $"http://127.0.0.1:{port}";
        }

        var process = Process.Start(start)!;
        if (port is not null)
        {
            // Drain the server's output so it never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        }

        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the platform did not answer /healthz within 30 s");
    }

    private static async Task<double> TimeUploadAsync(HttpClient client, string source, string name)
    {
        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(source);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent($"upload {name}"), "summary");
        using var part = new StreamContent(file, 1 << 20);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        using var response = await client.PostAsync("/api/models/bench/big-model/upload/main", form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"upload failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeCopyAsync(string source, string target)
    {
        var watch = Stopwatch.StartNew();
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            await input.CopyToAsync(output);
            output.Flush(flushToDisk: true);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        File.Delete(target);
        return elapsed;
    }

    private static async Task WriteRandomFileAsync(string path, long size)
    {
        var buffer = new byte[1 << 20];
        var random = new Random(7);
        await using var output = File.Create(path);
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            await output.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
