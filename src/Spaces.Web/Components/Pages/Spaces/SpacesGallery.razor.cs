using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Runtime.Hardware;
using Spaces.Web.Api;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Pages.Gallery;

/// <summary>The Spaces gallery: a GET form (search, SDK, tag, hardware, status, sort) and a page of cards; js/gallery.js makes it live.</summary>
public sealed partial class SpacesGallery
{
    private static readonly IReadOnlyList<(string Value, string Label)> StageOptions =
        [("running", "Running"), ("starting", "Building or starting"), ("idle", "Sleeping or paused"), ("error", "Has an error")];

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

    [SupplyParameterFromQuery(Name = "q")]
    private string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "sdk")]
    private string? Sdk { get; set; }

    [SupplyParameterFromQuery(Name = "tag")]
    private string? Tag { get; set; }

    [SupplyParameterFromQuery(Name = "hardware")]
    private string? Hardware { get; set; }

    [SupplyParameterFromQuery(Name = "stage")]
    private string? Stage { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    private string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    private int? PageNumber { get; set; }

    private SpaceGalleryQuery Query { get; set; } = new();

    private SpaceGalleryPage Result { get; set; } = new([], 0, []);

    private IReadOnlyList<HardwareFlavor> Flavors => SpaceRuntimeApi.OfferedFlavors(Runtime.Value);

    private IReadOnlyList<string> TagOptions =>
        Query.Tag is { } tag && !Result.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase) ? [tag, .. Result.Tags] : Result.Tags;

    private bool IsFiltered => Query.Text is not null || Query.Sdk is not null || Query.Tag is not null || Query.Hardware is not null || Query.Stage is not null;

    protected override async Task OnInitializedAsync()
    {
        Query = new SpaceGalleryQuery(
            Blank(Q),
            RepoService.Sdks.Contains(Sdk ?? "") ? Sdk : null,
            Blank(Tag)?.ToLowerInvariant(),
            Blank(Hardware),
            StageLook.ParseGroup(Stage),
            GallerySort.Normalize(Sort),
            Math.Max(1, PageNumber ?? 1));
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        Result = await new SpaceDirectory(Repos, States, Runtime).SearchAsync(await Actors.GetAsync(ct), Query, ct);
    }

    private string PageLink(int page) => QueryHelpers.AddQueryString("/spaces", new Dictionary<string, string?>
    {
        ["q"] = Query.Text,
        ["sdk"] = Query.Sdk,
        ["tag"] = Query.Tag,
        ["hardware"] = Query.Hardware,
        ["stage"] = Query.Stage?.ToString().ToLowerInvariant(),
        ["sort"] = Query.Sort == "likes" ? null : Query.Sort,
        ["page"] = page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(pair => pair.Value is not null));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
