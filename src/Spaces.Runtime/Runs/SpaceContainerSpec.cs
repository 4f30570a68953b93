using System.Globalization;
using Spaces.Docker.Models;
using Spaces.Runtime.Hardware;

namespace Spaces.Runtime.Runs;

/// <summary>A read-only bind mount of an exported model: host folder to <c>/models/{owner}/{name}</c>.</summary>
public sealed record ModelMount(string ModelId, string Commit, string HostPath, string Target);

/// <summary>
/// The hardened container definition of a Space (DESIGN.md, "Hardening by default"): uid 1000, no capabilities, no new privileges,
/// read-only root with a tmpfs /tmp, pids limit, memory (no swap) and CPUs from the flavor, app port on 127.0.0.1 only, the Space's
/// own network, no Docker socket, no engine restarts (the lifecycle restarts with backoff). Pure, so it is tested without an engine.
/// </summary>
public static class SpaceContainerSpec
{
    /// <summary>Where the persistent volume is mounted.</summary>
    public const string DataPath = "/data";

    /// <summary>The uid:gid every Space runs as.</summary>
    public const string User = "1000:1000";

    /// <summary>Builds the create parameters.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="resources">This platform's names and labels.</param>
    /// <param name="name">The container name.</param>
    /// <param name="options">Runtime options (pids limit, tmpfs size).</param>
    /// <param name="hostCpus">The host's cores: a flavor never gets more.</param>
    /// <param name="environment">The app's environment, built-ins included.</param>
    /// <param name="models">Model folders to mount read-only.</param>
    /// <param name="dataVolume">The persistent volume to mount at <see cref="DataPath"/>, or null.</param>
    /// <param name="gpuDeviceIds">GPU devices assigned by the ledger; empty with a GPU flavor means "ask the engine for a count".</param>
    public static CreateContainerParameters Create(
        SpaceRunRequest request,
        SpaceResources resources,
        string name,
        RuntimeOptions options,
        int hostCpus,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<ModelMount> models,
        string? dataVolume,
        IReadOnlyList<string> gpuDeviceIds)
    {
        var space = request.Space;
        var port = $"{request.Config.AppPort.ToString(CultureInfo.InvariantCulture)}/tcp";
        var memory = request.Flavor.MemoryMiB * 1024 * 1024;
        var labels = resources.Labels(space, "app");
        labels[SpaceResources.RevisionLabel] = request.Revision;
        labels[SpaceResources.HardwareLabel] = request.Flavor.Name;
        labels[SpaceResources.GpusLabel] = string.Join(',', gpuDeviceIds);

        var mounts = models
            .Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.Target, ReadOnly = true })
            .ToList();
        if (dataVolume is not null)
        {
            mounts.Add(new Mount { Type = "volume", Source = dataVolume, Target = DataPath });
        }

        return new CreateContainerParameters
        {
            Name = name,
            Image = request.Image,
            User = User,
            Env = [.. environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")],
            Labels = labels,
            ExposedPorts = new() { [port] = EmptyObject.Instance },
            StopTimeout = 10,
            HostConfig = new HostConfig
            {
                Memory = memory,
                MemorySwap = memory,
                NanoCpus = NanoCpus(request.Flavor, hostCpus),
                PidsLimit = options.PidsLimit,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                ReadonlyRootfs = true,
                Tmpfs = new() { ["/tmp"] = $"rw,nosuid,nodev,size={options.TmpfsSize}" },
                PortBindings = new() { [port] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                NetworkMode = resources.NetworkName(space.Id),
                Mounts = mounts.Count > 0 ? mounts : null,
                RestartPolicy = new RestartPolicy { Name = "no" },

                // An init as PID 1 forwards SIGTERM to the app (a PID 1 without a handler ignores it) and reaps zombies.
                Init = true,
                LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "10m", ["max-file"] = "3" } },
                DeviceRequests = GpuRequests(request.Flavor, gpuDeviceIds),
            },
        };
    }

    /// <summary>The flavor's cores, never more than the host has, in units of 1e-9 CPUs.</summary>
    public static long NanoCpus(HardwareFlavor flavor, int hostCpus) =>
        (long)(EffectiveCpus(flavor, hostCpus) * 1_000_000_000);

    /// <summary>The flavor's cores clamped to the host's (at least 0.01).</summary>
    public static double EffectiveCpus(HardwareFlavor flavor, int hostCpus) =>
        Math.Max(0.01, hostCpus > 0 ? Math.Min(flavor.Cpus, hostCpus) : flavor.Cpus);

    private static List<DeviceRequest>? GpuRequests(HardwareFlavor flavor, IReadOnlyList<string> deviceIds)
    {
        if (flavor.Gpus <= 0)
        {
            return null;
        }

        // With an inventory the ledger names the devices; without one, ask for a count and let the engine say whether it can.
        return deviceIds.Count > 0
            ? [new DeviceRequest { Driver = "nvidia", DeviceIDs = [.. deviceIds], Capabilities = [["gpu"]] }]
            : [new DeviceRequest { Count = flavor.Gpus, Capabilities = [["gpu"]] }];
    }
}
