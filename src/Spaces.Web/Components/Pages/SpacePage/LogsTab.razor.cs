using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Persistence;
using Spaces.Core.Spaces;
using Spaces.Runtime.Builds;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.SpacePage;

/// <summary>
/// The Logs tab: the live build and container logs (filled by js/space/logs.js from the hub), or, with <c>?build=N</c>, the stored log
/// of an earlier build. Anyone who can read the Space can read its logs, as with the API's log streams.
/// </summary>
public sealed partial class LogsTab
{
    /// <summary>At most this many lines of a stored build log are shown (its end).</summary>
    public const int MaxStoredLines = 5000;

    [Inject]
    public required SpacesDbContext Db { get; init; }

    [Inject]
    public required BuildLogStore BuildLogs { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The Space. Required.</summary>
    [Parameter, EditorRequired]
    public required SpaceView View { get; set; }

    /// <summary>The earlier build to show, or null for the live logs.</summary>
    [SupplyParameterFromQuery(Name = "build")]
    public long? BuildId { get; set; }

    private IReadOnlyList<SpaceBuild> Builds { get; set; } = [];

    private SpaceBuild? Build { get; set; }

    private IReadOnlyList<string> Lines { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext!.RequestAborted;
        var kept = BuildLogs.ListBuilds(View.Repo.Id).ToHashSet();
        var builds = await Db.SpaceBuilds.AsNoTracking().Where(b => b.RepoId == View.Repo.Id).OrderByDescending(b => b.Id).Take(50).ToListAsync(ct);
        Builds = [.. builds.Where(b => kept.Contains(b.Id))];
        if (BuildId is { } id)
        {
            Build = Builds.FirstOrDefault(b => b.Id == id);
            if (Build is null)
            {
                PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
                return;
            }

            Lines = await BuildLogs.TailAsync(View.Repo.Id, id, MaxStoredLines, ct);
        }
    }
}
