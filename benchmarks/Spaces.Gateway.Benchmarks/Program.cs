using Spaces.Gateway;
using Spaces.Gateway.Benchmarks;

// wrk on loopback against (a) the upstream directly, (b) nginx, (c) the gateway as it serves a Space's origin, (d) the bare forwarder,
// all in one run (docs/benchmarks.md, "Gateway"). The servers are this program again, in child processes: "upstream",
// "space-origin <upstream-url>" and "gateway <upstream-url>".
switch (args.FirstOrDefault())
{
    case "gateway" or "space-origin":
        // As the platform's Program does, before any socket: one socket engine thread per core.
        GatewaySocketEngines.UseOnePerCore();
        break;
}

switch (args.FirstOrDefault())
{
    case "upstream":
        await BenchmarkServers.RunUpstreamAsync();
        return 0;
    case "gateway":
        await BenchmarkServers.RunGatewayAsync(new Uri(args[1]));
        return 0;
    case "space-origin":
        await SpaceOriginServer.RunAsync(new Uri(args[1]));
        return 0;
}

var options = BenchmarkOptions.Parse(args);
return await GatewayBenchmark.RunAsync(options);
