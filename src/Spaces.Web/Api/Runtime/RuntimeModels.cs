using System.Text.Json;
using System.Text.Json.Serialization;
using Spaces.Core.Spaces;
using Spaces.Runtime.Hardware;
using Spaces.Web.Live;

namespace Spaces.Web.Api.Runtime;

/// <summary>
/// <c>GET /api/spaces/{id}/runtime</c> in the Hub's shape:
/// <c>{stage, hardware:{current, requested}, gcTimeout, replicas:{requested, current}, devMode, domains:[{domain, stage}], errorMessage?, storage}</c>.
/// </summary>
public sealed record SpaceRuntimeInfo(
    string Stage,
    RuntimeHardware Hardware,
    int? GcTimeout,
    RuntimeReplicas Replicas,
    bool DevMode,
    IReadOnlyList<RuntimeDomain> Domains,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMessage,
    string? Storage)
{
    /// <summary>The Hub's runtime of <paramref name="state"/>; <c>gcTimeout</c> is null when the Space never sleeps.</summary>
    public static SpaceRuntimeInfo From(SpaceState state) => new(
        state.Stage.ToHubName(),
        new RuntimeHardware(state.CurrentHardware, state.RequestedHardware),
        state.SleepTimeSeconds < 0 ? null : state.SleepTimeSeconds,
        new RuntimeReplicas(1, state.HasContainer ? 1 : 0),
        DevMode: false,
        [new RuntimeDomain(state.AppHost, "READY")],
        state.ErrorMessage,
        Storage: null);
}

/// <summary>The flavor the container runs on (null when none runs) and the one asked for.</summary>
public sealed record RuntimeHardware(string? Current, string Requested);

/// <summary>Replicas: always one asked for; one running or none.</summary>
public sealed record RuntimeReplicas(int Requested, int Current);

/// <summary>The Space's own origin.</summary>
public sealed record RuntimeDomain(string Domain, string Stage);

/// <summary>A hardware flavor in <c>GET /api/spaces/hardware</c>.</summary>
public sealed record HardwareFlavorInfo(string Name, string PrettyName, double Cpu, long MemoryMiB, int Gpus, string? Accelerator)
{
    /// <summary>The listing entry of <paramref name="flavor"/>.</summary>
    public static HardwareFlavorInfo From(HardwareFlavor flavor) =>
        new(flavor.Name, flavor.Description ?? flavor.Name, flavor.Cpus, flavor.MemoryMiB, flavor.Gpus, flavor.Accelerator);
}

/// <summary><c>POST /api/spaces/{id}/hardware</c>: <c>{flavor, sleepTimeSeconds?}</c>.</summary>
public sealed record HardwareBody(string? Flavor, int? SleepTimeSeconds);

/// <summary><c>POST /api/spaces/{id}/sleeptime</c>: <c>{seconds}</c> (-1 never).</summary>
public sealed record SleepTimeBody(int? Seconds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SpaceRuntimeInfo))]
[JsonSerializable(typeof(IReadOnlyList<HardwareFlavorInfo>))]
[JsonSerializable(typeof(HardwareBody))]
[JsonSerializable(typeof(SleepTimeBody))]
internal sealed partial class SpaceRuntimeJsonContext : JsonSerializerContext;
