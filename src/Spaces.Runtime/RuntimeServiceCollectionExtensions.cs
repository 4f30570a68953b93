using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Hardware;
using Spaces.Runtime.Lifecycle;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Runs;
using Spaces.Runtime.Stages;

namespace Spaces.Runtime;

/// <summary>Registers everything Spaces.Runtime offers: builder, runner, lifecycle (the <see cref="ISpaceControl"/>), stages, notifications, GPUs.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime. Expects the platform's registrations: the database, <c>RepoStorage</c>, <c>RepoService</c>, <c>RepoAccess</c>,
    /// <c>RepoEvents</c>, <c>SpaceEnvironmentService</c>, <c>IDockerClient</c>, <c>SpacesOptions</c> and <c>IConfiguration</c>
    /// (<see cref="RuntimeOptions"/> binds from <see cref="RuntimeOptions.SectionName"/>; the platform's <c>urls</c> give SPACE_HOST its port).
    /// </summary>
    public static IServiceCollection AddSpacesRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RuntimeOptions>()
            .BindConfiguration(RuntimeOptions.SectionName)
            .Validate(o => o.Flavors.Any(f => f.Name == o.DefaultHardware), "Spaces:Runtime:DefaultHardware must name one of Spaces:Runtime:Flavors.")
            .Validate(o => o.MaxCrashRestarts >= 0 && o.PidsLimit > 0, "Spaces:Runtime: MaxCrashRestarts must be >= 0 and PidsLimit > 0.")
            .Validate(o => o.BuildEngineAttempts >= 1, "Spaces:Runtime:BuildEngineAttempts must be at least 1.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSpaceResources();
        services.TryAddSingleton<SpaceNotifications>();
        services.TryAddSingleton<SpaceStageStore>();
        services.TryAddSingleton(sp => new GpuLedger(GpuInventory.Discover(sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.GpuDevices)));
        services.AddSpaceBuilds();

        services.TryAddSingleton<SpaceEngineResources>();
        services.TryAddSingleton<ModelExports>();
        services.TryAddSingleton<RunLogFollower>();
        services.TryAddSingleton<SpaceRunner>();
        services.TryAddSingleton<SpaceConfigLoader>();
        services.TryAddSingleton<SpaceLifecycle>();
        services.TryAddSingleton<ISpaceControl>(sp => sp.GetRequiredService<SpaceLifecycle>());
        services.AddHostedService<SpaceLifecycleWorker>();
        services.TryAddSingleton<SpaceReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<SpaceReconciler>());
        services.TryAddSingleton<SleepMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SleepMonitor>());
        return services;
    }
}
