using Microsoft.Extensions.Options;
using Spaces.Core;
using Spaces.Core.Configuration;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories.Uploads;
using Spaces.Core.Templates;
using Spaces.Docker;
using Spaces.Gateway;
using Spaces.Gateway.Routing;
using Spaces.Runtime;
using Spaces.Web.Api;
using Spaces.Web.Api.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Git;
using Spaces.Web.Health;
using Spaces.Web.Hubs.Inference;
using Spaces.Web.Live;
using Spaces.Web.Seeding;

namespace Spaces.Web.Extensions;

/// <summary>Wires the platform's services and request pipeline; Program.cs only calls these.</summary>
public static class PlatformExtensions
{
    /// <summary>Options, the database, accounts and repositories, the Docker engine client, authentication, health checks and the UI.</summary>
    public static WebApplicationBuilder AddSpacesPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<SpacesOptions>()
            .BindConfiguration(SpacesOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "Spaces:DataDir (SPACES_DATA_DIR) must not be empty.")
            .Validate(o => Uri.CheckHostName(o.AppsDomain) == UriHostNameType.Dns,
                "Spaces:AppsDomain (SPACES_APPS_DOMAIN) must be a DNS name such as spaces.localhost.")
            .ValidateOnStart();
        var spaces = builder.Configuration.GetSection(SpacesOptions.SectionName).Get<SpacesOptions>() ?? new SpacesOptions();

        services.AddOptions<UploadLimits>()
            .BindConfiguration(UploadLimits.SectionName)
            .Validate(l => l.Validate().Count == 0, $"{UploadLimits.SectionName} has invalid values (each must be positive; the ratio at least 1).")
            .ValidateOnStart();
        services.AddSpacesCore(spaces);
        services.AddSpaceTemplates().BindConfiguration(SpaceTemplateOptions.SectionName);

        services.AddOptions<DockerClientOptions>().BindConfiguration("Spaces:Docker");
        services.AddSingleton<IDockerClient>(sp => new DockerClient(sp.GetRequiredService<IOptions<DockerClientOptions>>().Value));

        services.AddOpenApi();
        services.AddSpacesAuthentication();
        services.AddSpacesHealthChecks();
        services.AddSpacesRuntime();
        services.AddSpacesGateway();
        services.AddSpacesLive();
        services.AddExampleSeeding();
        services.AddInferenceWidgets();
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, SpaceEnvironmentJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, SpaceRuntimeJsonContext.Default);
        });

        return builder;
    }

    /// <summary>
    /// The Space gateway first (a Space origin's request never reaches what follows), then routing, error handling, authentication and
    /// anti-forgery for the server-rendered forms.
    /// </summary>
    public static WebApplication UseSpacesPipeline(this WebApplication app)
    {
        app.UseSpacesGateway();
        // Explicit, so route matching runs after the gateway (WebApplication would otherwise put it first).
        app.UseRouting();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseSpacesProblems();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>The HTTP API and session endpoints.</summary>
    public static WebApplication MapSpacesEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSessionEndpoints();
        app.MapAccountsApi();
        app.MapReposApi();
        app.MapRepoFilesApi();
        app.MapGitHttp();
        app.MapSpaceEnvironmentApi();
        app.MapSpacesLive();
        app.MapInferenceHub();
        return app;
    }

    /// <summary>Creates the data directory and brings the database schema up to date before the host serves anything.</summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SpacesOptions>>().Value;
        Directory.CreateDirectory(options.DataDirFullPath);
        await app.Services.MigrateSpacesDatabaseAsync();
    }
}
