using System.Globalization;

namespace Spaces.Gateway.Benchmarks;

/// <summary>Starts the upstream, nginx and the gateway, checks each answers, warms them up, then measures them in rotating order.</summary>
internal static class GatewayBenchmark
{
    private const string Expected = "Hello, World!";

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        Console.WriteLine($"Gateway benchmark: {MachineInfo.Describe()}; {Wrk.Version()}; {NginxProxy.Version()}");
        Console.WriteLine($"wrk -t{options.Threads} -c{options.Connections} -d{options.DurationSeconds}s --latency, " +
            $"{options.WarmupSeconds} s warm-up per target, {options.Rounds} rounds in rotating order; medians of the rounds.");
        if (options.GatewayEnvironment.Count > 0)
        {
            Console.WriteLine($"Gateway environment: {string.Join(' ', options.GatewayEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        }

        var loads = new List<string> { $"start {MachineInfo.LoadAverage()}" };

        await using var upstream = await ChildServer.StartAsync(new Dictionary<string, string>(), "upstream");
        await using var nginx = await NginxProxy.StartAsync(upstream.Address);
        await using var gateway = await ChildServer.StartAsync(options.GatewayEnvironment, "space-origin", upstream.Address.AbsoluteUri);
        await using var forwarder = await ChildServer.StartAsync(options.GatewayEnvironment, "gateway", upstream.Address.AbsoluteUri);
        (string Name, Uri Url, int Pid)[] targets =
        [
            ("(a) direct", upstream.Address, upstream.ProcessId),
            ("(b) nginx", nginx.Address, nginx.ProcessId),
            ("(c) gateway", gateway.Address, gateway.ProcessId),
            ("(d) forwarder", forwarder.Address, forwarder.ProcessId),
        ];

        using (var http = new HttpClient())
        {
            foreach (var (name, url, _) in targets)
            {
                // Every target gets the Space's host name (the upstream and nginx ignore it; the gateway routes by it).
                using var check = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Host = SpaceOriginServer.Host } };
                using var response = await http.SendAsync(check);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || body != Expected)
                {
                    throw new InvalidOperationException($"{name} answered {(int)response.StatusCode} '{body}'.");
                }
            }
        }

        foreach (var (_, url, _) in targets)
        {
            await Wrk.RunAsync(url, SpaceOriginServer.Host, options.Threads, options.Connections, options.WarmupSeconds);
        }

        var results = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var (name, url, pid) = targets[(round + i) % targets.Length];
                var cpuBefore = ProcessCpu.Of(pid);
                var result = await Wrk.RunAsync(url, SpaceOriginServer.Host, options.Threads, options.Connections, options.DurationSeconds);
                var requests = result.RequestsPerSecond * options.DurationSeconds;
                result = result with { CpuMicrosecondsPerRequest = (ProcessCpu.Of(pid) - cpuBefore).TotalMicroseconds / requests };
                results[name].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1} {name,-14} {result.RequestsPerSecond,10:F0} req/s  p50 {result.P50Ms:F3} ms  p99 {result.P99Ms:F3} ms  " +
                    $"CPU {result.CpuMicrosecondsPerRequest:F1} us/req {result.Errors}"));
            }

            loads.Add($"after round {round + 1} {MachineInfo.LoadAverage()}");
        }

        Report(targets.Select(t => (t.Name, Median(results[t.Name]))).ToList(), loads);
        // The two proxies measured in the same round, seconds apart, share the host's state of the moment: their ratio moves less
        // than the ratio of medians when other work comes and goes.
        ReportPerRound("(c)/(b)", results["(c) gateway"], results["(b) nginx"]);
        ReportPerRound("(d)/(b)", results["(d) forwarder"], results["(b) nginx"]);
        return 0;
    }

    private static void ReportPerRound(string name, List<WrkResult> proxy, List<WrkResult> nginx)
    {
        var ratios = proxy.Zip(nginx, (p, n) => p.RequestsPerSecond / n.RequestsPerSecond).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} throughput per round: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; median {Mid(ratios):F2}"));
    }

    private static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static WrkResult Median(List<WrkResult> results) =>
        new WrkResult(
            Mid(results.Select(r => r.RequestsPerSecond)),
            Mid(results.Select(r => r.P50Ms)),
            Mid(results.Select(r => r.P99Ms)),
            string.Join("; ", results.Select(r => r.Errors).Where(e => e.Length > 0)))
        {
            CpuMicrosecondsPerRequest = Mid(results.Select(r => r.CpuMicrosecondsPerRequest)),
        };

    private static void Report(List<(string Name, WrkResult Result)> medians, List<string> loads)
    {
        var direct = medians[0].Result;
        var nginx = medians[1].Result;
        var gateway = medians[2].Result;
        var forwarder = medians[3].Result;
        Console.WriteLine();
        Console.WriteLine($"Load average (1/5/15 min): {string.Join("; ", loads)}");
        Console.WriteLine();
        Console.WriteLine("| Target | Requests/s | p50 | p99 | server CPU per request | Errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, r) in medians)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.RequestsPerSecond:N0} | {r.P50Ms:F3} ms | {r.P99Ms:F3} ms | {r.CpuMicrosecondsPerRequest:F1} µs | {(r.Errors.Length == 0 ? "none" : r.Errors)} |"));
        }

        Console.WriteLine();
        var throughputVsNginx = gateway.RequestsPerSecond / nginx.RequestsPerSecond;
        var addedP50 = gateway.P50Ms - direct.P50Ms;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c)/(a) throughput {gateway.RequestsPerSecond / direct.RequestsPerSecond:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(b)/(a) throughput {nginx.RequestsPerSecond / direct.RequestsPerSecond:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c)/(b) throughput {throughputVsNginx:F2} (goal >= 0.9: {(throughputVsNginx >= 0.9 ? "met" : "NOT met")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"added p50 over (a): gateway {addedP50:F3} ms (goal <= 0.5 ms: {(addedP50 <= 0.5 ? "met" : "NOT met")}), nginx {nginx.P50Ms - direct.P50Ms:F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(d) bare forwarder: (d)/(b) throughput {forwarder.RequestsPerSecond / nginx.RequestsPerSecond:F2}, added p50 over (a) {forwarder.P50Ms - direct.P50Ms:F3} ms"));
    }
}
