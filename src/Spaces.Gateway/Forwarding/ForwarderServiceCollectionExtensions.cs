using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Spaces.Gateway.Forwarding;

/// <summary>Registers the gateway's forwarder.</summary>
public static class ForwarderServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="GatewayForwarder"/> as the singleton <see cref="IGatewayForwarder"/>, with <see cref="ForwarderOptions"/> bound
    /// from <c>Spaces:Gateway:Forwarder</c> (when configuration is registered), then <paramref name="configure"/>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddGatewayForwarder(this IServiceCollection services, Action<ForwarderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ForwarderOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(ForwarderOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.Validate() is null, "Invalid Spaces:Gateway:Forwarder options (timeouts must be positive, the body limit not negative).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayForwarder>();
        services.TryAddSingleton<IGatewayForwarder>(provider => provider.GetRequiredService<GatewayForwarder>());
        return services;
    }
}
