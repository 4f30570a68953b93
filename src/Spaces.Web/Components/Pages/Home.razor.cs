using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;
using Spaces.Web.Seeding;

namespace Spaces.Web.Components.Pages;

/// <summary>The landing page: a search box, trending Spaces (likes, then recent activity), pinned examples and recent models.</summary>
public sealed partial class Home
{
    /// <summary>Cards in the trending and examples sections.</summary>
    private const int SectionSize = 8;

    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required SpaceStateReader States { get; init; }

    [Inject]
    public required IOptions<RuntimeOptions> Runtime { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    /// <summary>Names the organization whose Spaces count as examples (the one seeding fills).</summary>
    [Inject]
    public required IOptions<SeedingOptions> Seeding { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    private IReadOnlyList<SpaceCardModel> Trending { get; set; } = [];

    private IReadOnlyList<SpaceCardModel> Pinned { get; set; } = [];

    private IReadOnlyList<ModelTileModel> RecentModels { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        var actor = await Actors.GetAsync(ct);
        var directory = new SpaceDirectory(Repos, States, Runtime);
        // Two small queries: the examples (pinned cards and the organization seeding fills), then the most liked of the rest.
        var pinned = await directory.PinnedAsync(actor, Seeding.Value.Organization, SectionSize, ct);
        var trending = await directory.TrendingAsync(actor, [.. pinned.Select(repo => repo.Id)], SectionSize, ct);
        // Both sections' cards together: one stage query for the page.
        var cards = await directory.CardsAsync([.. pinned, .. trending], ct);
        Pinned = [.. cards.Take(pinned.Count)];
        Trending = [.. cards.Skip(pinned.Count)];
        if (Trending.Count == 0 && Pinned.Count > 0)
        {
            // Only examples exist: show them once, as the trending ones.
            (Trending, Pinned) = (Pinned, []);
        }

        RecentModels = await new ModelDirectory(Repos).ListAsync(actor, RepoSort.LastModified, 6, cancellationToken: ct);
    }
}
