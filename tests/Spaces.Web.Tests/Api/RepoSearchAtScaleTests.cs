using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Runtime;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;
using Spaces.Web.Tests.Persistence;

namespace Spaces.Web.Tests.Api;

/// <summary>
/// Search, filters and paging run in the database over more than 1,000 Spaces (rows seeded straight through the DbContext):
/// the matches sit at the end of every sort, where a listing capped at 1,000 would never see them.
/// </summary>
public sealed class RepoSearchAtScaleTests
{
    private const int Filler = 1200;

    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Gallery_finds_a_description_word_a_tag_hardware_and_a_stage_past_the_first_thousand(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (ada, _) = await factory.CreateUserAsync("ada");
        var (bob, bobToken) = await factory.CreateUserAsync("bob");
        await SeedAsync(factory, ada, bob);

        await using var scope = factory.Services.CreateAsyncScope();
        var directory = new SpaceDirectory(
            scope.ServiceProvider.GetRequiredService<RepoService>(),
            scope.ServiceProvider.GetRequiredService<SpaceStateReader>(),
            scope.ServiceProvider.GetRequiredService<IOptions<RuntimeOptions>>());

        var all = await directory.SearchAsync(null, new SpaceGalleryQuery(Sort: "name"));
        Assert.Equal(Filler + 2, all.Total);
        Assert.Equal(24, all.Items.Count);

        var byDescription = await directory.SearchAsync(null, new SpaceGalleryQuery(Text: "PLATYPUS"));
        Assert.Equal(["zz-needle"], byDescription.Items.Select(c => c.Name));
        Assert.Equal(1, byDescription.Total);

        var byTwoWords = await directory.SearchAsync(null, new SpaceGalleryQuery(Text: "platypus Detects"));
        Assert.Equal(["zz-needle"], byTwoWords.Items.Select(c => c.Name));
        Assert.Equal(0, (await directory.SearchAsync(null, new SpaceGalleryQuery(Text: "platypus wombat"))).Total);

        var byTagWord = await directory.SearchAsync(null, new SpaceGalleryQuery(Text: "echidna"));
        Assert.Equal(["zz-needle", "zz-tagged"], byTagWord.Items.Select(c => c.Name).Order(StringComparer.Ordinal));

        var byTag = await directory.SearchAsync(null, new SpaceGalleryQuery(Tag: "Echidna", Sort: "name"));
        Assert.Equal(["zz-needle", "zz-tagged"], byTag.Items.Select(c => c.Name));
        Assert.Equal(2, byTag.Total);

        var byOwner = await directory.SearchAsync(null, new SpaceGalleryQuery(Text: "bob"));
        Assert.Equal(0, byOwner.Total);
        var bobsOwn = await directory.SearchAsync(await ActorAsync(scope, bob), new SpaceGalleryQuery(Text: "bob platypus"));
        Assert.Equal(["zz-secret"], bobsOwn.Items.Select(c => c.Name));

        var byHardware = await directory.SearchAsync(null, new SpaceGalleryQuery(Hardware: "T4-Small"));
        Assert.Equal(["zz-needle"], byHardware.Items.Select(c => c.Name));
        var onDefault = await directory.SearchAsync(null, new SpaceGalleryQuery(Hardware: directory.DefaultHardware));
        Assert.Equal(Filler + 1, onDefault.Total);

        var running = await directory.SearchAsync(null, new SpaceGalleryQuery(Stage: StageGroup.Running));
        Assert.Equal(["zz-tagged"], running.Items.Select(c => c.Name));
        Assert.Equal(SpaceStage.Running, running.Items[0].Stage);

        var lastPage = await directory.SearchAsync(null, new SpaceGalleryQuery(Sort: "name", Page: (Filler + 2) / 24 + 1));
        Assert.Equal("zz-tagged", lastPage.Items[^1].Name);

        using var anonymous = factory.CreateClient();
        var api = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces?search=platypus"));
        Assert.Equal(["ada/zz-needle"], api.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        using var bobClient = factory.CreateClient(bobToken);
        var bobs = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bobClient.GetAsync("/api/spaces?search=platypus"));
        Assert.Equal(["ada/zz-needle", "bob/zz-secret"], bobs.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
    }

    private static async Task<Actor> ActorAsync(AsyncServiceScope scope, Account user)
    {
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var account = await db.Accounts.FindAsync(user.Id);
        return new Actor(account!, CanWrite: true);
    }

    /// <summary>1,200 plain Spaces, liked and recent, then the three the tests look for: oldest, unliked, last by name.</summary>
    private static async Task SeedAsync(SpacesWebFactory factory, Account ada, Account bob)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < Filler; i++)
        {
            db.Repos.Add(SeededSpaces.Space(ada, $"filler-{i:D4}", now.AddMinutes(-i), likes: 5, """{"title":"Filler","short_description":"A plain demo","tags":["demo"]}"""));
        }

        var old = now.AddYears(-1);
        db.Repos.Add(SeededSpaces.Space(ada, "zz-needle", old, likes: 0,
            """{"title":"Needle","short_description":"Detects a Platypus in photos","tags":["Echidna","vision"],"hardware":"t4-small"}"""));
        var tagged = SeededSpaces.Space(ada, "zz-tagged", old, likes: 0, """{"title":"Tagged","tags":["echidna"]}""");
        db.Repos.Add(tagged);
        var secret = SeededSpaces.Space(bob, "zz-secret", old, likes: 0, """{"title":"Secret","short_description":"platypus too"}""");
        secret.IsPrivate = true;
        db.Repos.Add(secret);
        await db.SaveChangesAsync();

        db.SpaceRuntimes.Add(new SpaceRuntime { RepoId = tagged.Id, Stage = SpaceStage.Running, StageSince = now });
        await db.SaveChangesAsync();
    }
}
