using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Persistence;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Web.Components.Shared;
using Spaces.Web.Tests.Persistence;

namespace Spaces.Web.Tests.Components;

/// <summary>
/// Every page that lists Space cards (home, gallery, profile) reads the stages of its cards together: each card still shows its own
/// Space's stage (its runtime row, else its README.md configuration, else building or no app), and private Spaces stay hidden.
/// </summary>
public sealed partial class CardStagesTests
{
    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Each_card_of_a_page_shows_its_own_spaces_stage(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (ada, _) = await factory.CreateUserAsync("ada");
        var (bob, _) = await factory.CreateUserAsync("bob");
        var expected = await SeedAsync(factory, ada, bob);
        var adas = expected.Where(pair => pair.Key.StartsWith("ada/", StringComparison.Ordinal)).ToDictionary();

        using var anonymous = factory.CreateClient();
        var gallery = Cards(await anonymous.GetStringAsync("/spaces"));
        Assert.Equal(adas, gallery);
        Assert.Equal(adas, Cards(await anonymous.GetStringAsync("/ada")));
        Assert.Empty(Cards(await anonymous.GetStringAsync("/bob")));
        var home = Cards(await anonymous.GetStringAsync("/"));
        Assert.Equal(8, home.Count);
        Assert.All(home, card => Assert.Equal(adas[card.Key], card.Value));

        using var bobBrowser = await UiKit.LoggedInAsync(factory, "bob");
        Assert.Equal(expected, Cards(await bobBrowser.GetStringAsync("/spaces")));
        Assert.Equal(new Dictionary<string, string> { ["bob/secret"] = "PAUSED" }, Cards(await bobBrowser.GetStringAsync("/bob")));
        // The most liked Space is bob's private one: first on his home page, with its own stage.
        var bobsHome = Cards(await bobBrowser.GetStringAsync("/"));
        Assert.Equal("PAUSED", bobsHome["bob/secret"]);
        Assert.All(bobsHome, card => Assert.Equal(expected[card.Key], card.Value));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_profile_of_a_thousand_cards_reads_their_stages_in_one_go(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (ada, _) = await factory.CreateUserAsync("ada");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
            var now = DateTime.UtcNow;
            var spaces = Enumerable.Range(0, SpaceDirectory.MaxScan + 50)
                .Select(i => SeededSpaces.Space(ada, $"many-{i:D4}", now.AddMinutes(-i), likes: 0, """{"title":"Many"}""")).ToList();
            db.Repos.AddRange(spaces);
            await db.SaveChangesAsync();
            // Every third Space sleeps; the rest never ran (a commit: building).
            db.SpaceRuntimes.AddRange(spaces.Where((_, i) => i % 3 == 0).Select(space => new SpaceRuntime
            {
                RepoId = space.Id,
                Stage = SpaceStage.Sleeping,
                StageSince = now,
                DesiredState = SpaceDesiredState.Stopped,
            }));
            await db.SaveChangesAsync();
        }

        using var anonymous = factory.CreateClient();
        var cards = Cards(await anonymous.GetStringAsync("/ada"));

        Assert.Equal(SpaceDirectory.MaxScan, cards.Count);
        Assert.All(cards, card => Assert.Equal(int.Parse(card.Key[^4..]) % 3 == 0 ? "SLEEPING" : "BUILDING", card.Value));
    }

    /// <summary>
    /// 20 of ada's Spaces: one per stage with a runtime row (no two neighbours alike), then a runtime row over a README.md error,
    /// a configuration error without a row, one with a commit that never ran and one without a commit; and bob's private one.
    /// Returns each Space's expected Hub stage.
    /// </summary>
    private static async Task<Dictionary<string, string>> SeedAsync(SpacesWebFactory factory, Account ada, Account bob)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var now = DateTime.UtcNow;
        var stages = Enum.GetValues<SpaceStage>();
        var rows = new List<(Repo Repo, SpaceStage Stage)>();
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            var space = SeededSpaces.Space(ada, $"space-{i:D2}", now.AddMinutes(-i), likes: 100 - i, """{"title":"A Space"}""");
            db.Repos.Add(space);
            switch (i)
            {
                case < 13:
                    // Reversed, so a card's stage never matches its position in the list by accident.
                    rows.Add((space, stages[stages.Length - 1 - i]));
                    expected[$"ada/{space.Name}"] = stages[stages.Length - 1 - i].ToHubName();
                    break;
                case 13:
                    space.ConfigStage = SpaceStage.ConfigError.ToHubName();
                    rows.Add((space, SpaceStage.Sleeping));
                    expected[$"ada/{space.Name}"] = "SLEEPING";
                    break;
                case 14:
                    space.ConfigStage = SpaceStage.ConfigError.ToHubName();
                    expected[$"ada/{space.Name}"] = "CONFIG_ERROR";
                    break;
                case 15 or 17 or 19:
                    expected[$"ada/{space.Name}"] = "BUILDING";
                    break;
                default:
                    space.HeadCommit = null;
                    expected[$"ada/{space.Name}"] = "NO_APP_FILE";
                    break;
            }
        }

        var secret = SeededSpaces.Space(bob, "secret", now, likes: 1000, """{"title":"Secret"}""");
        secret.IsPrivate = true;
        db.Repos.Add(secret);
        rows.Add((secret, SpaceStage.Paused));
        expected["bob/secret"] = "PAUSED";
        await db.SaveChangesAsync();

        // Desired state stopped, no container: the runtime's workers leave these rows alone.
        db.SpaceRuntimes.AddRange(rows.Select(row => new SpaceRuntime
        {
            RepoId = row.Repo.Id,
            Stage = row.Stage,
            StageSince = now,
            DesiredState = SpaceDesiredState.Stopped,
        }));
        await db.SaveChangesAsync();
        return expected;
    }

    /// <summary>Each Space card of a page: its <c>data-space</c> and the <c>data-stage</c> of its badge.</summary>
    private static Dictionary<string, string> Cards(string html) =>
        CardPattern().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => m.Groups[2].Value);

    [GeneratedRegex("<article class=\"space-card\"[^>]*data-space=\"([^\"]+)\"[^>]*>\\s*<div class=\"space-card-top\">\\s*<span [^>]*data-stage=\"([^\"]+)\"")]
    private static partial Regex CardPattern();
}
