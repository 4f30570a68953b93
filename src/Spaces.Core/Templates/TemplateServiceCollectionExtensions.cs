using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Spaces.Core.Templates;

/// <summary>Registers the template catalog.</summary>
public static class TemplateServiceCollectionExtensions
{
    /// <summary>The catalog (scoped, like <see cref="Repositories.RepoService"/>) with its options bound from <c>Spaces:Templates</c>.</summary>
    public static IServiceCollection AddSpaceTemplates(this IServiceCollection services)
    {
        services.AddOptions<SpaceTemplateOptions>().BindConfiguration(SpaceTemplateOptions.SectionName);
        services.TryAddScoped<SpaceTemplateCatalog>();
        return services;
    }
}
