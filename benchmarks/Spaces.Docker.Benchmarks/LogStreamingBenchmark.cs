using System.Diagnostics;
using System.Globalization;
using Spaces.Docker.Models;
using Spaces.Docker.Streams;
using Spaces.Docker.Transport;

namespace Spaces.Docker.Benchmarks;

/// <summary>
/// Reads all logs of a container that printed N lines (non-follow), decoded into lines by Spaces.Docker, against
/// <c>docker logs</c> (the Go CLI) writing to /dev/null, on the same container, alternating, several repetitions.
/// Also the same download through the async HttpClient path (what followed logs use, and what downloads used before the
/// blocking-socket path), so the two transports are compared under the same load.
/// </summary>
internal sealed class LogStreamingBenchmark(IDockerClient client, BenchmarkResources resources, BenchmarkOptions options)
{
    /// <summary>Wall time and the reader's own CPU time (user + system), in seconds.</summary>
    private readonly record struct Measurement(double Seconds, double CpuSeconds);

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync()
    {
        Console.WriteLine($"Log streaming: container printing {options.Lines:N0} lines, {options.Repetitions} repetitions each");
        var created = await client.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = "spaces/base:bookworm",
            Cmd = ["seq", options.Lines.ToString(CultureInfo.InvariantCulture)],
            Labels = resources.Labels(),
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await client.Containers.StartAsync(created.ID);
        var exit = await client.Containers.WaitAsync(created.ID);
        if (exit.StatusCode != 0)
        {
            throw new InvalidOperationException($"seq exited with {exit.StatusCode}");
        }

        // Warm-up: JIT, connection pool, the engine's page cache for the log file.
        await ReadLinesAsync(created.ID);
        await ReadFramesAsync(created.ID);
        await ReadLinesAsyncPathAsync(created.ID);
        await RunCliAsync(created.ID);

        var lines = new List<Measurement>();
        var frames = new List<Measurement>();
        var asyncPath = new List<Measurement>();
        var cli = new List<Measurement>();
        for (var i = 0; i < options.Repetitions; i++)
        {
            // Alternate the order so neither side always benefits from running second.
            if (i % 2 == 0)
            {
                cli.Add(await RunCliAsync(created.ID));
                lines.Add(await ReadLinesAsync(created.ID));
            }
            else
            {
                lines.Add(await ReadLinesAsync(created.ID));
                cli.Add(await RunCliAsync(created.ID));
            }
            frames.Add(await ReadFramesAsync(created.ID));
            asyncPath.Add(await ReadLinesAsyncPathAsync(created.ID));
            Console.WriteLine(
                $"  rep {i + 1}: Spaces.Docker lines {Rate(lines[^1].Seconds)} (cpu {lines[^1].CpuSeconds:F2} s), " +
                $"frames {Rate(frames[^1].Seconds)} (cpu {frames[^1].CpuSeconds:F2} s), " +
                $"async path lines {Rate(asyncPath[^1].Seconds)} (cpu {asyncPath[^1].CpuSeconds:F2} s), " +
                $"docker logs {Rate(cli[^1].Seconds)} (cpu {cli[^1].CpuSeconds:F2} s)");
        }

        var ratio = Median(cli) / Median(lines);
        var asyncRatio = Median(cli) / Median(asyncPath);
        Console.WriteLine(
            $"  median: Spaces.Docker lines {Rate(Median(lines))}, docker logs {Rate(Median(cli))}, ratio {ratio:F2} " +
            $"(async path {Rate(Median(asyncPath))}, ratio {asyncRatio:F2}); load average {LoadAverage()}");
        await client.Containers.RemoveAsync(created.ID, force: true);
        return
        [
            Row("Log streaming, Spaces.Docker (lines decoded), median", lines),
            Row("Log streaming, Spaces.Docker (frames only), median", frames),
            Row("Log streaming, async HttpClient path (lines decoded; followed logs' path), median", asyncPath),
            Row("Log streaming, `docker logs` > /dev/null, median", cli),
            new("Log streaming ratio Spaces.Docker lines / docker logs (lines/s)", ratio.ToString("F2", CultureInfo.InvariantCulture)),
            new("Log streaming ratio, async HttpClient path / docker logs", asyncRatio.ToString("F2", CultureInfo.InvariantCulture)),
            new("Host load average (1, 5, 15 min) after the log runs", LoadAverage()),
        ];
    }

    private static double Median(List<Measurement> values) => Statistics.Median(values.Select(v => v.Seconds).ToList());

    private BenchmarkRow Row(string name, List<Measurement> values) => new(
        name,
        string.Create(CultureInfo.InvariantCulture,
            $"{Rate(Median(values))} ({Median(values):F2} s; reader CPU {Statistics.Median(values.Select(v => v.CpuSeconds).ToList()):F2} s)"));

    private string Rate(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{options.Lines / seconds / 1e6:F3} M lines/s");

    private async Task<Measurement> ReadLinesAsync(string id)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        await foreach (var line in client.Containers.GetLogLinesAsync(id, new ContainerLogsParameters { Tty = false }))
        {
            if (line.Text.Length > 0)
            {
                count++;
            }
        }
        stopwatch.Stop();
        Check(count);
        return new Measurement(stopwatch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>The same non-follow download read over HttpClient (the async socket engine), lines decoded.</summary>
    private async Task<Measurement> ReadLinesAsyncPathAsync(string id)
    {
        using var transport = new DockerTransport(new DockerClientOptions());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        using (var response = await transport.SendAsync(
            HttpMethod.Get, $"/containers/{id}/logs", new QueryString().Add("stdout", "1").Add("stderr", "1"), null,
            CancellationToken.None, streamResponse: true))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await foreach (var line in LogReader.ReadLinesAsync(body, tty: false, timestamps: false, CancellationToken.None))
            {
                if (line.Text.Length > 0)
                {
                    count++;
                }
            }
        }
        stopwatch.Stop();
        Check(count);
        return new Measurement(stopwatch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private async Task<Measurement> ReadFramesAsync(string id)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        long newlines = 0;
        await foreach (var frame in client.Containers.GetLogsAsync(id, new ContainerLogsParameters { Tty = false }))
        {
            newlines += frame.Payload.Span.Count((byte)'\n');
        }
        stopwatch.Stop();
        Check(newlines);
        return new Measurement(stopwatch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task<Measurement> RunCliAsync(string id)
    {
        // bash's `time` reports the CLI's own CPU use (user and system) on stderr.
        var start = new ProcessStartInfo("/bin/bash", ["-c", $"TIMEFORMAT='%U %S'; time docker logs {id} >/dev/null 2>&1"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker");
        var times = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker logs exited with {process.ExitCode}: {times}");
        }
        var cpu = times.Trim().Split(' ').Sum(t => double.Parse(t, CultureInfo.InvariantCulture));
        return new Measurement(stopwatch.Elapsed.TotalSeconds, cpu);
    }

    private void Check(long count)
    {
        if (count != options.Lines)
        {
            throw new InvalidOperationException($"read {count} lines, expected {options.Lines}");
        }
    }
}
