using Spaces.Runtime.Hardware;

namespace Spaces.Runtime;

/// <summary>How Spaces are built and run, bound from <c>Spaces:Runtime</c>.</summary>
public sealed class RuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Runtime";

    /// <summary>
    /// This platform's id in the engine's labels and resource names (lower-case letters and digits, at most 12). Default empty: generated
    /// once and kept in <c>{DataDir}/instance-id</c>, so a restart on the same data adopts what it created and nothing else.
    /// </summary>
    public string Instance { get; set; } = "";

    /// <summary>Base image for docker Spaces built from our templates. Default <c>spaces/base:bookworm</c> (built offline by the scripts).</summary>
    public string BaseImage { get; set; } = "spaces/base:bookworm";

    /// <summary>.NET SDK image blazor Spaces are published in. Default <c>spaces/dotnet-sdk:10.0</c>; with a registry <c>mcr.microsoft.com/dotnet/sdk:10.0</c>.</summary>
    public string SdkImage { get; set; } = "spaces/dotnet-sdk:10.0";

    /// <summary>ASP.NET Core runtime image blazor Spaces run on. Default <c>spaces/aspnet:10.0</c>.</summary>
    public string AspNetImage { get; set; } = "spaces/aspnet:10.0";

    /// <summary>Builds running at once. Default 1.</summary>
    public int BuildConcurrency { get; set; } = 1;

    /// <summary>A build taking longer fails. Default 30 minutes.</summary>
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Attempts of one build when the Docker engine goes away during it (the build starts again from the beginning once the engine
    /// answers); after the last one the build ends in BUILD_ERROR naming the engine. Default 3. A failed step is never retried.
    /// </summary>
    public int BuildEngineAttempts { get; set; } = 3;

    /// <summary>Network of build containers: <c>none</c> (default, builds are offline) or <c>default</c>.</summary>
    public string BuildNetworkMode { get; set; } = "none";

    /// <summary>Images kept per Space (older ones are removed). Default 3.</summary>
    public int KeepImagesPerSpace { get; set; } = 3;

    /// <summary>Build logs kept per Space. Default 10.</summary>
    public int KeepBuildLogsPerSpace { get; set; } = 10;

    /// <summary>Flavor used when a Space asks for none. Default <c>cpu-basic</c>.</summary>
    public string DefaultHardware { get; set; } = "cpu-basic";

    /// <summary>Seconds without a request before a Space sleeps, when it says nothing; -1 never. Default 3600.</summary>
    public int DefaultSleepTimeSeconds { get; set; } = 3600;

    /// <summary>Process limit inside a Space's container. Default 512.</summary>
    public long PidsLimit { get; set; } = 512;

    /// <summary>Size of the writable tmpfs at /tmp. Default <c>256m</c>.</summary>
    public string TmpfsSize { get; set; } = "256m";

    /// <summary>Whether Spaces may reach the network outside their host (masquerade on). Default false: no egress.</summary>
    public bool AllowEgress { get; set; }

    /// <summary>Spaces (<c>owner/name</c>) allowed to reach the network outside their host although <see cref="AllowEgress"/> is off. Default none.</summary>
    public List<string> EgressSpaces { get; set; } = [];

    /// <summary>Whether <paramref name="spaceId"/> (<c>owner/name</c>) may reach outside its host.</summary>
    public bool AllowsEgress(string spaceId) =>
        AllowEgress || EgressSpaces.Contains(spaceId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Crash restarts (with backoff) before the Space stays in RUNTIME_ERROR. Default 3.</summary>
    public int MaxCrashRestarts { get; set; } = 3;

    /// <summary>How often the reconciler compares the database with the engine. Default 30 seconds.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a woken request waits for the Space to answer. Default 2 minutes.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The hardware flavors offered. Default: <see cref="HardwareFlavor.Defaults"/>.</summary>
    public List<HardwareFlavor> Flavors { get; set; } = [.. HardwareFlavor.Defaults];

    /// <summary>GPU device ids on this host (e.g. <c>0</c>, <c>1</c> or UUIDs), added to what <c>nvidia-smi -L</c> reports.</summary>
    public List<string> GpuDevices { get; set; } = [];
}
