using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spaces.Gateway.Forwarding;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway;

/// <summary>Registers the gateway: host routing, access to private Spaces, static Spaces and the forwarder.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's services (<see cref="GatewayOptions"/> bind from <see cref="GatewayOptions.SectionName"/>) and its forwarder
    /// (<see cref="ForwarderServiceCollectionExtensions.AddGatewayForwarder"/>). Expects the platform's
    /// registrations: Spaces.Core (repositories, tokens, data protection, <c>SpacesOptions</c>) and Spaces.Runtime (<c>ISpaceControl</c>,
    /// <c>SpaceStageStore</c>).
    /// </summary>
    public static IServiceCollection AddSpacesGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.AppCookieLifetime > TimeSpan.Zero,
                "Spaces:Gateway: AccessTokenLifetime and AppCookieLifetime must be positive.")
            .Validate(o => o.StatusPageRefreshSeconds >= 1, "Spaces:Gateway:StatusPageRefreshSeconds must be at least 1.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PlatformOrigin) || Uri.TryCreate(o.PlatformOrigin, UriKind.Absolute, out _),
                "Spaces:Gateway:PlatformOrigin must be an absolute URL such as https://spaces.example.com.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpaceAccessTokens>();
        services.TryAddSingleton<SpaceAppAccess>();
        services.TryAddSingleton<SpaceDirectory>();
        services.TryAddSingleton<SpaceAppSettings>();
        services.TryAddSingleton<StaticSpaceFiles>();
        services.TryAddSingleton<SpaceRoutes>();
        services.TryAddSingleton<SpaceConnections>();
        services.AddGatewayForwarder();
        return services;
    }
}
