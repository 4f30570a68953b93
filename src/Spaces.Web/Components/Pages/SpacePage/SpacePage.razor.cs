using Microsoft.AspNetCore.Components;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Gateway.Routing;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// The Space page: header (stage badge updated live, likes, duplicate) and its tabs — App, Files, Commits, Logs, Settings. A Space the
/// visitor cannot read is answered with 404 on every sub-route, exactly like an absent one.
/// </summary>
public sealed partial class SpacePage
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [Inject]
    public required SpaceStateReader States { get; init; }

    [Inject]
    public required SpaceAccessTokens AccessTokens { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The owner from the route.</summary>
    [Parameter]
    public string Owner { get; set; } = "";

    /// <summary>The Space's name from the route.</summary>
    [Parameter]
    public string Name { get; set; } = "";

    /// <summary>The revision of the Files, Edit, Delete and Rename routes.</summary>
    [Parameter]
    public string? Rev { get; set; }

    /// <summary>The file or folder of the Files, Edit, Delete and Rename routes.</summary>
    [Parameter]
    public string? Path { get; set; }

    private SpaceView? View { get; set; }

    private SpaceTab Tab { get; set; }

    private string TabName => Tab.ToString().ToLowerInvariant();

    private IEnumerable<(SpaceTab Tab, string Label, string Href)> Tabs
    {
        get
        {
            var page = View!.PagePath;
            yield return (SpaceTab.App, "App", page);
            yield return (SpaceTab.Files, "Files", page + "/files/main/");
            yield return (SpaceTab.Commits, "Commits", page + "/commits");
            yield return (SpaceTab.Logs, "Logs", page + "/logs");
            if (View.CanWrite)
            {
                yield return (SpaceTab.Settings, "Settings", page + "/settings");
            }
        }
    }

    protected override async Task OnInitializedAsync()
    {
        var http = HttpContext!;
        Tab = TabOf(http.Request.Path);
        var ct = http.RequestAborted;
        var actor = await Actors.GetAsync(ct);
        Repo repo;
        try
        {
            repo = await Repos.GetReadableAsync(actor, RepoType.Space, Owner, Name, ct);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            PageStatus.Set(http, StatusCodes.Status404NotFound);
            return;
        }

        var canWrite = actor is not null && await CanWriteAsync(actor, repo, ct);
        if (Tab == SpaceTab.Settings && !canWrite)
        {
            // Settings are for those who may change the Space; to everyone else the page does not exist.
            PageStatus.Set(http, StatusCodes.Status404NotFound);
            return;
        }

        var state = await States.ReadAsync(repo, ct);
        var port = http.Request.Host.Port is { } p ? $":{p}" : "";
        var appUrl = $"{http.Request.Scheme}://{state.AppHost}{port}/";
        var withAccess = repo.IsPrivate ? $"{appUrl}?{SpaceAccessTokens.QueryParameter}={AccessTokens.Create(repo.Id)}" : appUrl;
        View = new SpaceView(repo, actor, canWrite, state, SpaceCard.Parse(repo.CardData), appUrl, withAccess);
    }

    private async Task<bool> CanWriteAsync(Actor actor, Repo repo, CancellationToken ct)
    {
        try
        {
            await Repos.RequireWriteAsync(actor, repo, ct);
            return true;
        }
        catch (ProblemException problem) when (problem.Kind is ProblemKind.Forbidden or ProblemKind.Unauthorized)
        {
            return false;
        }
    }

    /// <summary>The tab a request path names (<c>/spaces/o/n/{tab}/...</c>).</summary>
    internal static SpaceTab TabOf(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length < 4 ? SpaceTab.App : segments[3].ToLowerInvariant() switch
        {
            // A commit's page (the upload API answers with its address) shows the files at that commit.
            "files" or "commit" => SpaceTab.Files,
            "edit" => SpaceTab.Edit,
            "delete" => SpaceTab.Delete,
            "rename" => SpaceTab.Rename,
            "commits" => SpaceTab.Commits,
            "logs" => SpaceTab.Logs,
            "settings" => SpaceTab.Settings,
            _ => SpaceTab.App,
        };
    }
}
