using Microsoft.AspNetCore.Builder;

namespace Spaces.Gateway.Routing;

/// <summary>Puts the gateway into a request pipeline.</summary>
public static class SpaceGatewayApplicationBuilderExtensions
{
    /// <summary>
    /// Answers every request whose Host is a Space's origin (<c>{owner}--{name}.{AppsDomain}</c>) and passes all others on. Call it
    /// first, before authentication, status code pages, static files and routing, so a Space origin's request never reaches the
    /// platform's pipeline. Needs <see cref="GatewayServiceCollectionExtensions.AddSpacesGateway"/>.
    /// </summary>
    public static IApplicationBuilder UseSpacesGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SpaceGatewayMiddleware>();
    }
}
