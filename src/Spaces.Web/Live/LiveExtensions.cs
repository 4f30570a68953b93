using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spaces.Runtime;
using Spaces.Runtime.Builds;
using Spaces.Runtime.Notifications;
using Spaces.Runtime.Stages;
using Spaces.Web.Api;
using Spaces.Web.Api.Runtime;
using Spaces.Web.Hubs;

namespace Spaces.Web.Live;

/// <summary>Wires the live streams: the SignalR hub, the server-sent events, the runtime API and the metrics sampler.</summary>
public static class LiveExtensions
{
    /// <summary>
    /// Registers what the live streams need. The notification service, the stage store and <see cref="RuntimeOptions"/> are added only
    /// when absent, so this coexists with the runtime's own registration in either order.
    /// </summary>
    public static IServiceCollection AddSpacesLive(this IServiceCollection services)
    {
        services.TryAddSingleton<SpaceNotifications>();
        services.TryAddSingleton<SpaceStageStore>();
        services.TryAddSingleton<BuildLogStore>();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<RuntimeOptions>)))
        {
            services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName);
        }

        services.AddOptions<LiveOptions>()
            .BindConfiguration(LiveOptions.SectionName)
            .Validate(o => o.KeepAliveInterval > TimeSpan.Zero && o.MetricsInterval > TimeSpan.Zero,
                "Spaces:Live:KeepAliveInterval and Spaces:Live:MetricsInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<IContainerStatsSource, DockerContainerStatsSource>();
        services.AddSingleton<SpaceMetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<SpaceMetricsSampler>());
        services.AddSingleton<SpaceStateReader>();
        services.AddSingleton<SpaceLiveFeed>();
        services.AddScoped<AuthorizedSpaceControl>();
        services.AddTransient<IStartupFilter, HubAccessTokens>();
        // Hub arguments (strings, numbers) still need the default resolver: a chain with only our context would resolve nothing else.
        services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine(
                LiveJsonContext.Default, o.PayloadSerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()));
        return services;
    }

    /// <summary>Maps the hub at <c>/hubs/spaces</c>, the server-sent event streams and the runtime API.</summary>
    public static IEndpointRouteBuilder MapSpacesLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<SpacesHub>(SpacesHub.Path);
        endpoints.MapSpaceStreamsApi();
        endpoints.MapSpaceRuntimeApi();
        return endpoints;
    }
}
