using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;

namespace Spaces.Web.Components.Pages.Models;

/// <summary>The models gallery: search, task and tag filters, sort, paging (live through js/gallery.js).</summary>
public sealed partial class ModelsGallery
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    private string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "tag")]
    private string? Tag { get; set; }

    [SupplyParameterFromQuery(Name = "task")]
    private string? Task { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    private string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    private int? PageNumber { get; set; }

    private ModelGalleryQuery Query { get; set; } = new();

    private ModelGalleryPage Result { get; set; } = new([], 0, [], []);

    protected override async System.Threading.Tasks.Task OnInitializedAsync()
    {
        Query = new ModelGalleryQuery(Blank(Q), Blank(Tag)?.ToLowerInvariant(), Blank(Task), GallerySort.Normalize(Sort), Math.Max(1, PageNumber ?? 1));
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        Result = await new ModelDirectory(Repos).SearchAsync(await Actors.GetAsync(ct), Query, ct);
    }

    private string PageLink(int page) => QueryHelpers.AddQueryString("/models", new Dictionary<string, string?>
    {
        ["q"] = Query.Text,
        ["task"] = Query.Task,
        ["tag"] = Query.Tag,
        ["sort"] = Query.Sort == "likes" ? null : Query.Sort,
        ["page"] = page == 1 ? null : page.ToString(CultureInfo.InvariantCulture),
    }.Where(pair => pair.Value is not null));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
