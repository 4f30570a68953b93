using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Spaces.Core.Templates;

/// <summary>Registers the template catalog.</summary>
public static class TemplateServiceCollectionExtensions
{
    /// <summary>
    /// The catalog (scoped, like <see cref="Repositories.RepoService"/>) and its options; the host binds them from
    /// <see cref="SpaceTemplateOptions.SectionName"/>.
    /// </summary>
    public static OptionsBuilder<SpaceTemplateOptions> AddSpaceTemplates(this IServiceCollection services)
    {
        services.TryAddScoped<SpaceTemplateCatalog>();
        return services.AddOptions<SpaceTemplateOptions>();
    }
}
