using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Web.Tests.Persistence;

namespace Spaces.Web.Tests.Components;

/// <summary>
/// The home page's examples (pinned cards and the examples organization) and trending Spaces, asked from the database on both
/// providers: a card that unpins leaves the examples, private Spaces stay hidden, and pinned Spaces past the first thousand show.
/// </summary>
public sealed class HomeSectionsTests
{
    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_space_whose_readme_unpins_it_leaves_the_examples_and_private_ones_show_only_to_readers(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (ada, _) = await factory.CreateUserAsync("ada");
        var (bob, _) = await factory.CreateUserAsync("bob");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateOrganizationAsync(ada, "examples", "Examples");
        }

        var examples = await AccountAsync(factory, "examples");
        var pinnedOne = await UiKit.CreateRepoAsync(factory, ada, RepoType.Space, "pinned-one", "sdk: docker\npinned: true");
        await UiKit.CreateRepoAsync(factory, examples, RepoType.Space, "hello", "sdk: docker");
        await UiKit.CreateRepoAsync(factory, ada, RepoType.Space, "plain", "sdk: docker");
        await UiKit.CreateRepoAsync(factory, bob, RepoType.Space, "secret-pin", "sdk: docker\npinned: true", isPrivate: true);
        await UiKit.CreateRepoAsync(factory, bob, RepoType.Space, "secret-plain", "sdk: docker", isPrivate: true);

        using var anonymous = factory.CreateClient();
        using var bobBrowser = await UiKit.LoggedInAsync(factory, "bob");

        var before = Sections(await anonymous.GetStringAsync("/"));
        Assert.Equal(["ada/pinned-one", "examples/hello"], before.Pinned.Order(StringComparer.Ordinal));
        Assert.Equal(["ada/plain"], before.Trending);
        var bobs = Sections(await bobBrowser.GetStringAsync("/"));
        Assert.Equal(["ada/pinned-one", "bob/secret-pin", "examples/hello"], bobs.Pinned.Order(StringComparer.Ordinal));
        Assert.Equal(["ada/plain", "bob/secret-plain"], bobs.Trending.Order(StringComparer.Ordinal));

        await CommitReadmeAsync(factory, ada, pinnedOne, "sdk: docker\npinned: false");

        var after = Sections(await anonymous.GetStringAsync("/"));
        Assert.Equal(["examples/hello"], after.Pinned);
        Assert.Equal(["ada/pinned-one", "ada/plain"], after.Trending.Order(StringComparer.Ordinal));
        Assert.False(await PinnedColumnAsync(factory, pinnedOne.Id));

        await CommitReadmeAsync(factory, ada, pinnedOne, "sdk: docker\npinned: true\ntitle: Back again");
        Assert.Equal(["ada/pinned-one", "examples/hello"], Sections(await anonymous.GetStringAsync("/")).Pinned.Order(StringComparer.Ordinal));
        Assert.True(await PinnedColumnAsync(factory, pinnedOne.Id));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Eight_pinned_spaces_show_even_behind_more_than_a_thousand_more_liked_ones(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (ada, _) = await factory.CreateUserAsync("ada");
        var (bob, _) = await factory.CreateUserAsync("bob");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            var now = DateTime.UtcNow;
            for (var i = 0; i < 1200; i++)
            {
                db.Repos.Add(SeededSpaces.Space(ada, $"liked-{i:D4}", now.AddMinutes(-i), likes: 5, """{"title":"Liked"}"""));
            }

            // Unliked and old: last in the liked order, where a scan of the first thousand never reached.
            for (var i = 0; i < 10; i++)
            {
                db.Repos.Add(SeededSpaces.Space(ada, $"pin-{i:D2}", now.AddYears(-1).AddMinutes(-i), likes: 0, """{"title":"Pinned","pinned":true}"""));
            }

            var hidden = SeededSpaces.Space(bob, "hidden-pin", now, likes: 50, """{"title":"Hidden","pinned":true}""");
            hidden.IsPrivate = true;
            db.Repos.Add(hidden);
            await db.SaveChangesAsync();
        }

        using var anonymous = factory.CreateClient();
        var home = Sections(await anonymous.GetStringAsync("/"));

        // Equal likes: the most recently changed first.
        Assert.Equal([.. Enumerable.Range(0, 8).Select(i => $"ada/pin-{i:D2}")], home.Pinned);
        Assert.Equal([.. Enumerable.Range(0, 8).Select(i => $"ada/liked-{i:D4}")], home.Trending);

        using var bobBrowser = await UiKit.LoggedInAsync(factory, "bob");
        var bobs = Sections(await bobBrowser.GetStringAsync("/"));
        Assert.Equal("bob/hidden-pin", bobs.Pinned[0]);
        Assert.Equal(8, bobs.Pinned.Count);
    }

    /// <summary>The trending and examples cards of the home page.</summary>
    private static (IReadOnlyList<string> Trending, IReadOnlyList<string> Pinned) Sections(string html)
    {
        var trendingAt = html.IndexOf("id=\"trending-heading\"", StringComparison.Ordinal);
        var pinnedAt = html.IndexOf("id=\"pinned-heading\"", StringComparison.Ordinal);
        var modelsAt = html.IndexOf("id=\"models-heading\"", StringComparison.Ordinal);
        Assert.True(trendingAt > 0 && modelsAt > trendingAt, "the home page lost its trending or models section");
        if (pinnedAt < 0)
        {
            return (UiKit.SpaceCards(html[trendingAt..modelsAt]), []);
        }

        return (UiKit.SpaceCards(html[trendingAt..pinnedAt]), UiKit.SpaceCards(html[pinnedAt..modelsAt]));
    }

    private static async Task CommitReadmeAsync(SpacesWebFactory factory, Account owner, Repo repo, string frontMatter)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var current = await repos.GetWritableAsync(Actor.Session(owner), RepoType.Space, owner.Name, repo.Name);
        using var readme = new MemoryStream(Encoding.UTF8.GetBytes($"---\n{frontMatter}\n---\n"));
        var result = await repos.CommitAsync(Actor.Session(owner), current,
            new CommitRequest("Change the card", RepoService.AuthorOf(owner), [new PutFile("README.md", readme)], ExpectedParent: current.HeadCommit));
        Assert.True(result.Changed);
    }

    private static async Task<bool> PinnedColumnAsync(SpacesWebFactory factory, long repoId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.Repos.Where(r => r.Id == repoId).Select(r => r.Pinned).SingleAsync();
    }

    private static async Task<Account> AccountAsync(SpacesWebFactory factory, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        return await db.Accounts.SingleAsync(a => a.NormalizedName == name);
    }
}
