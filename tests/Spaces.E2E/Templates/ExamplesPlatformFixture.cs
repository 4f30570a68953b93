using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.E2E.Infrastructure;
using Spaces.Runtime.Lifecycle;
using Spaces.TestSupport;
using Spaces.Web.Seeding;

namespace Spaces.E2E.Templates;

/// <summary>
/// The platform as <c>scripts/run</c> starts it (seeding on): the examples organization, its models and its four Spaces, every one
/// built and run by the real engine before the tests look at them in Chromium.
/// </summary>
public sealed class ExamplesPlatformFixture() : PlatformFixture(new Dictionary<string, string?> { ["Spaces:Seeding:Enabled"] = "true" })
{
    public const string Owner = "examples";
    public static readonly string[] Spaces = ["hello-docker", "ocr-live", "static-gallery", "voice-activity"];

    /// <summary>A token of a user who watches the examples come up (the runtime API needs no more than read access to public Spaces).</summary>
    public string Token { get; private set; } = "";

    /// <summary>Seconds from start to RUNNING, per example.</summary>
    public Dictionary<string, double> SecondsToRunning { get; } = [];

    /// <summary>The blazor examples publish in the SDK image and run on the ASP.NET Core image.</summary>
    protected override IEnumerable<string> RequiredImages => [BaseImage, TestEngine.SdkImage, TestEngine.AspNetImage];

    public override async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        await base.InitializeAsync();
        var report = await Services.GetRequiredService<ExampleSeedingService>().Completed.WaitAsync(TimeSpan.FromMinutes(2))
            ?? throw new InvalidOperationException("Seeding the examples failed; see the platform's log.");
        Assert.Equal(Spaces.Length + 3, report.Created.Count);
        Token = await CreateUserAsync("visitor");
        try
        {
            await Task.WhenAll(Spaces.Select(async name =>
            {
                await WaitForStageAsync(Token, Owner, name, "RUNNING", TimeSpan.FromMinutes(8));
                lock (SecondsToRunning)
                {
                    SecondsToRunning[name] = watch.Elapsed.TotalSeconds;
                }
            }));
        }
        catch
        {
            // A failed fixture may never be disposed: the examples' containers must not outlive the run.
            var control = Services.GetRequiredService<ISpaceControl>();
            await using var scope = Services.CreateAsyncScope();
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            foreach (var name in Spaces)
            {
                if (await repos.FindAsync(RepoType.Space, Owner, name) is { } repo)
                {
                    await control.DeleteResourcesAsync(repo.Id);
                }
            }

            throw;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExamplesCollection : ICollectionFixture<ExamplesPlatformFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Examples in Chromium";
}
