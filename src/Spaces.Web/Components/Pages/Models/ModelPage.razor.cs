using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Components.Shared;
using Spaces.Web.Live;

namespace Spaces.Web.Components.Pages.Models;

/// <summary>
/// A model: its card (README rendered with Markdig, raw HTML off), files, the Spaces that list it under <c>models</c>, and the area
/// where the inference widget goes (<c>div.model-widget-area</c>).
/// </summary>
public sealed partial class ModelPage
{
    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required RepoStorage Storage { get; init; }

    [Inject]
    public required SpaceStateReader States { get; init; }

    [Inject]
    public required IOptions<RuntimeOptions> Runtime { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>Owner from the URL.</summary>
    [Parameter]
    public string Owner { get; set; } = "";

    /// <summary>Name from the URL.</summary>
    [Parameter]
    public string Name { get; set; } = "";

    private Repo? Repo { get; set; }

    private ModelCard? Card { get; set; }

    private string? CardError { get; set; }

    private string? CardHtml { get; set; }

    private IReadOnlyList<TreeEntry> Files { get; set; } = [];

    private IReadOnlyList<SpaceCardModel> UsedBy { get; set; } = [];

    private bool HasOnnx => Files.Any(f => f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        var actor = await Actors.GetAsync(ct);
        try
        {
            Repo = await Repos.GetReadableAsync(actor, RepoType.Model, Owner, Name, ct);
        }
        catch (ProblemException problem) when (problem.Kind is ProblemKind.NotFound or ProblemKind.Invalid)
        {
            PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
            return;
        }

        if (Repo.HeadCommit is { } head)
        {
            var git = Storage.Open(Repo);
            Files = [.. (await git.ListTreeAsync(head, recursive: true, cancellationToken: ct)).Where(f => f.Type == TreeEntryType.File)];
            var readme = await git.ReadFileAsync(head, "README.md", ct);
            if (readme is not null)
            {
                var parsed = ModelCard.Parse(Encoding.UTF8.GetString(readme));
                Card = parsed.Card;
                CardError = parsed.IsSuccess ? null : parsed.ErrorMessage;
                CardHtml = string.IsNullOrWhiteSpace(parsed.Body) ? null : ReadmeMarkdown.ToHtml(parsed.Body, FileHref(""));
            }
        }

        var directory = new SpaceDirectory(Repos, States, Runtime);
        var spaces = await directory.ListAsync(actor, RepoSort.Likes, SpaceDirectory.MaxScan, cancellationToken: ct);
        var fullName = Repo.FullName;
        UsedBy = await directory.CardsAsync(
            spaces.Where(space => SpaceCardModel.From(space, default).Models.Contains(fullName, StringComparer.OrdinalIgnoreCase)).Take(12), ct);
    }

    private string FileHref(string path) =>
        $"/{Uri.EscapeDataString(Repo!.Owner?.Name ?? Owner)}/{Uri.EscapeDataString(Repo.Name)}/resolve/main/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    private static string Size(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };
}
