using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;
using AccountEntity = Spaces.Core.Accounts.Account;

namespace Spaces.Web.Components.Pages.Profiles;

/// <summary>A user's or organization's page: its Spaces (pinned first) and models, private ones only for those who may read them.</summary>
public sealed partial class Profile
{
    [Inject]
    public required AccountService Accounts { get; init; }

    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required SpaceStateReader States { get; init; }

    [Inject]
    public required IOptions<RuntimeOptions> Runtime { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The account name from the URL.</summary>
    [Parameter]
    public string Owner { get; set; } = "";

    private AccountEntity? Account { get; set; }

    private IReadOnlyList<SpaceCardModel> Spaces { get; set; } = [];

    private IReadOnlyList<ModelTileModel> Models { get; set; } = [];

    private IReadOnlyList<(string Name, string Role)> Related { get; set; } = [];

    private bool IsSelfOrMember { get; set; }

    private string Initial => (Account?.DisplayName ?? Account?.Name ?? "?")[..1].ToUpperInvariant();

    private string AvatarFrom => CardPalette.Resolve(null, Account?.Name ?? "");

    private string AvatarTo => CardPalette.Resolve(null, Account?.Name ?? "", salt: 3);

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        Account = await Accounts.FindAsync(Owner, ct);
        if (Account is null)
        {
            PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
            return;
        }

        var actor = await Actors.GetAsync(ct);
        var directory = new SpaceDirectory(Repos, States, Runtime);
        var spaces = await directory.CardsAsync(await directory.ListAsync(actor, RepoSort.Likes, SpaceDirectory.MaxScan, Account.Name, ct), ct);
        Spaces = [.. spaces.OrderByDescending(s => s.Pinned)];
        Models = await new ModelDirectory(Repos).ListAsync(actor, RepoSort.Likes, SpaceDirectory.MaxScan, Account.Name, ct);

        if (Account.Kind == AccountKind.Organization)
        {
            Related = [.. (await Accounts.MembersOfAsync(Account.Id, ct)).Select(m => (m.User.Name, m.Role.ToString().ToLowerInvariant()))];
            IsSelfOrMember = actor is not null && (actor.User.IsAdmin || Related.Any(m => m.Name == actor.User.Name && m.Role != "read"));
        }
        else
        {
            Related = [.. (await Accounts.OrganizationsOfAsync(Account.Id, ct)).Select(o => (o.Organization.Name, o.Role.ToString().ToLowerInvariant()))];
            IsSelfOrMember = actor is not null && actor.User.Id == Account.Id;
        }
    }
}
