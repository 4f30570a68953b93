using System.Diagnostics;
using Spaces.Docker;
using Spaces.Docker.Context;
using Spaces.Docker.Models;

namespace Spaces.Runtime.Benchmarks;

/// <summary>
/// The baselines: what the engine alone takes for the same work, driven directly (no platform): build an image from the same files,
/// and create + start a container of an image (hardened like a Space: uid 1000, no capabilities, read-only root with a tmpfs /tmp,
/// init, cpu-basic's limits, port on 127.0.0.1; on the default bridge) until it first answers HTTP.
/// </summary>
internal sealed class BareEngine(IDockerClient docker, BenchmarkPlatform platform, HttpAnswer http)
{
    private const string Port = "7860/tcp";

    /// <summary>Builds the files into an image labelled for this run and returns its tag.</summary>
    public async Task<string> BuildAsync(IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var tag = $"spaces-bench/baseline-{platform.RunId}:{Guid.NewGuid().ToString("N")[..8]}";
        var context = BuildContext.FromFiles([.. files.Select(f => new BuildContextFile(f.Key, f.Value))]);
        using var tar = await context.ToTarStreamAsync(cancellationToken);
        await docker.Images.BuildAsync(tar, new ImageBuildParameters { Tags = [tag], Labels = platform.Labels, NetworkMode = "none" },
            cancellationToken: cancellationToken);
        return tag;
    }

    /// <summary>Create + start + first HTTP answer of <paramref name="image"/>, in milliseconds; the container is removed afterwards.</summary>
    public async Task<double> StartToAnswerAsync(string image, string? expected, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var created = await docker.Containers.CreateAsync(new CreateContainerParameters
        {
            Image = image,
            User = "1000:1000",
            Labels = platform.Labels,
            ExposedPorts = new() { [Port] = EmptyObject.Instance },
            HostConfig = new HostConfig
            {
                Memory = 2048L * 1024 * 1024,
                MemorySwap = 2048L * 1024 * 1024,
                NanoCpus = 1_000_000_000,
                PidsLimit = 512,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                ReadonlyRootfs = true,
                Tmpfs = new() { ["/tmp"] = "rw,nosuid,nodev,size=256m" },
                PortBindings = new() { [Port] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                Init = true,
            },
        }, cancellationToken);
        try
        {
            await docker.Containers.StartAsync(created.ID, cancellationToken);
            var port = (await docker.Containers.InspectAsync(created.ID, cancellationToken)).GetPublishedPort(Port)
                ?? throw new InvalidOperationException("The engine published no port.");
            await http.WaitAsync(port, expected, TimeSpan.FromSeconds(60), cancellationToken);
            return stopwatch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await docker.Containers.RemoveAsync(created.ID, force: true, cancellationToken: CancellationToken.None);
        }
    }
}
