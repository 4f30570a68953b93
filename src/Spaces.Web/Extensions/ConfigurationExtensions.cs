using Spaces.Core.Configuration;

namespace Spaces.Web.Extensions;

/// <summary>Turns the operations interface's environment variables (SPACES_URLS, SPACES_DATA_DIR, ...) into configuration.</summary>
public static class ConfigurationExtensions
{
    /// <summary>
    /// Adds the SPACES_* variables (and DOCKER_HOST) over the other sources, and listens on <see cref="SpacesEnvironment.DefaultUrls"/>
    /// unless SPACES_URLS or another URL setting says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddSpacesConfiguration(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(SpacesEnvironment.Read(Environment.GetEnvironmentVariable));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(SpacesEnvironment.DefaultUrls);
        }
        else if (builder.Configuration["urls"] is { Length: > 0 } urls)
        {
            builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return builder;
    }
}
