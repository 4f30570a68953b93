using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Docker;
using Spaces.Runtime.Notifications;

namespace Spaces.Runtime.Builds;

/// <summary>Registers the builder: <see cref="BuildQueue"/>, the <see cref="BuildWorker"/> hosted service and <see cref="BuildLogStore"/>.</summary>
public static class BuildServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Space builder. Expects the platform's registrations of <see cref="IDockerClient"/>, <see cref="RepoStorage"/>, the
    /// database (scoped <c>SpacesDbContext</c>) and <see cref="SpacesOptions"/>; <see cref="RuntimeOptions"/> and
    /// <see cref="SpaceBuildOptions"/> are used as configured (their defaults otherwise). Adds <see cref="TimeProvider.System"/> and
    /// <see cref="SpaceNotifications"/> when missing.
    /// </summary>
    public static IServiceCollection AddSpaceBuilds(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RuntimeOptions>();
        services.AddOptions<SpaceBuildOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpaceNotifications>();
        services.AddSpaceResources();
        services.TryAddSingleton<BuildLogStore>();
        services.TryAddSingleton<BuildRecords>();
        services.TryAddSingleton<ImagePruner>();
        services.TryAddSingleton<EngineProbe>();
        services.TryAddSingleton<ImageBuildGuard>();
        services.TryAddSingleton<SpaceBuilder>();
        services.TryAddSingleton(sp => new BuildQueue(
            sp.GetRequiredService<BuildRecords>(),
            sp.GetRequiredService<RepoStorage>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BuildQueue>>()));
        services.TryAddSingleton(sp => new BuildWorker(
            sp.GetRequiredService<BuildQueue>(),
            sp.GetRequiredService<SpaceBuilder>(),
            sp.GetRequiredService<BuildRecords>(),
            sp.GetRequiredService<EngineProbe>(),
            sp.GetRequiredService<IOptions<RuntimeOptions>>(),
            sp.GetRequiredService<ILogger<BuildWorker>>()));
        services.AddHostedService(sp => sp.GetRequiredService<BuildWorker>());
        return services;
    }
}
