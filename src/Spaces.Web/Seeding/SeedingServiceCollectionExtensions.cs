namespace Spaces.Web.Seeding;

/// <summary>Registers the seeding of the example organization.</summary>
internal static class SeedingServiceCollectionExtensions
{
    /// <summary>The seeder (scoped) and the start-up pass (a hosted service, also resolvable to await its report).</summary>
    public static IServiceCollection AddExampleSeeding(this IServiceCollection services)
    {
        services.AddOptions<SeedingOptions>().BindConfiguration(SeedingOptions.SectionName);
        services.AddScoped<ExampleSeeder>();
        services.AddSingleton<ExampleSeedingService>();
        services.AddHostedService(sp => sp.GetRequiredService<ExampleSeedingService>());
        return services;
    }
}
