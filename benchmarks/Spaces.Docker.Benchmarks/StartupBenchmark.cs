using System.Diagnostics;
using System.Globalization;
using Spaces.Docker.Context;
using Spaces.Docker.Models;

namespace Spaces.Docker.Benchmarks;

/// <summary>
/// Container create + start until its tiny HTTP server (busybox httpd, FROM scratch) first answers on the
/// 127.0.0.1 port the engine chose: the floor for waking a sleeping Space.
/// </summary>
internal sealed class StartupBenchmark(IDockerClient client, BenchmarkResources resources, BenchmarkOptions options)
{
    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync()
    {
        Console.WriteLine($"Startup: create + start + first HTTP answer, {options.Starts} runs");
        var image = await BuildImageAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var timings = new List<double>();
        for (var i = 0; i < options.Starts + 1; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var created = await client.Containers.CreateAsync(new CreateContainerParameters
            {
                Image = image,
                Labels = resources.Labels(),
                ExposedPorts = new() { ["7860/tcp"] = EmptyObject.Instance },
                HostConfig = new HostConfig
                {
                    PortBindings = new() { ["7860/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                    CapDrop = ["ALL"],
                    SecurityOpt = ["no-new-privileges"],
                    ReadonlyRootfs = true,
                },
            });
            await client.Containers.StartAsync(created.ID);
            var port = (await client.Containers.InspectAsync(created.ID)).GetPublishedPort("7860/tcp")
                ?? throw new InvalidOperationException("no published port");
            await WaitForAnswerAsync(http, port);
            stopwatch.Stop();
            await client.Containers.RemoveAsync(created.ID, force: true);
            if (i > 0)
            {
                // The first run warms up the JIT and the engine; it is not counted.
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        var median = Statistics.Median(timings);
        Console.WriteLine($"  median {median:F0} ms, min {timings.Min():F0} ms, max {timings.Max():F0} ms");
        return
        [
            new("Create + start to first HTTP answer, median", string.Create(CultureInfo.InvariantCulture, $"{median:F0} ms")),
            new("Create + start to first HTTP answer, min / max",
                string.Create(CultureInfo.InvariantCulture, $"{timings.Min():F0} ms / {timings.Max():F0} ms")),
        ];
    }

    private async Task<string> BuildImageAsync()
    {
        var tag = $"spaces-bench/httpd:{resources.RunId}";
        var context = BuildContext.FromFiles(
        [
            BuildContextFile.Text("Dockerfile", $"""
                FROM scratch
                {resources.LabelInstruction}
                COPY busybox /bin/busybox
                COPY www /www
                USER 1000:1000
                ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "7860", "-h", "/www"]
                """),
            new BuildContextFile("busybox", await File.ReadAllBytesAsync("/usr/bin/busybox"), (UnixFileMode)0b111_101_101),
            BuildContextFile.Text("www/index.html", "ok\n"),
        ]);
        using var tar = await context.ToTarStreamAsync();
        await client.Images.BuildAsync(tar, new ImageBuildParameters { Tags = [tag], Labels = resources.Labels() });
        return tag;
    }

    private static async Task WaitForAnswerAsync(HttpClient http, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"no HTTP answer on 127.0.0.1:{port} within 10 s");
            }
            await Task.Delay(5);
        }
    }
}
