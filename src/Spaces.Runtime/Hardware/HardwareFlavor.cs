namespace Spaces.Runtime.Hardware;

/// <summary>A hardware flavor (named like the Hub's) and the limits a Space on it gets.</summary>
public sealed class HardwareFlavor
{
    /// <summary>Flavor name, e.g. <c>cpu-basic</c>, <c>t4-small</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>CPU cores (NanoCpus / 1e9); clamped to the host's cores when larger.</summary>
    public double Cpus { get; set; } = 1;

    /// <summary>Memory limit in MiB (swap is not allowed beyond it).</summary>
    public long MemoryMiB { get; set; } = 2048;

    /// <summary>GPUs (0 for CPU flavors).</summary>
    public int Gpus { get; set; }

    /// <summary>What <c>ACCELERATOR</c> says inside the Space (e.g. <c>t4</c>); null for CPU flavors.</summary>
    public string? Accelerator { get; set; }

    /// <summary>Human description for the UI.</summary>
    public string? Description { get; set; }

    /// <summary>The flavors offered when configuration names none.</summary>
    public static IReadOnlyList<HardwareFlavor> Defaults { get; } =
    [
        new() { Name = "cpu-basic", Cpus = 1, MemoryMiB = 2048, Description = "1 vCPU · 2 GiB" },
        new() { Name = "cpu-upgrade", Cpus = 2, MemoryMiB = 8192, Description = "2 vCPU · 8 GiB" },
        new() { Name = "t4-small", Cpus = 4, MemoryMiB = 15360, Gpus = 1, Accelerator = "t4", Description = "Nvidia T4 · 4 vCPU · 15 GiB" },
        new() { Name = "a10g-small", Cpus = 4, MemoryMiB = 15360, Gpus = 1, Accelerator = "a10g", Description = "Nvidia A10G · 4 vCPU · 15 GiB" },
        new() { Name = "a10g-largex2", Cpus = 24, MemoryMiB = 94208, Gpus = 2, Accelerator = "a10g", Description = "2x Nvidia A10G · 24 vCPU · 92 GiB" },
    ];
}
