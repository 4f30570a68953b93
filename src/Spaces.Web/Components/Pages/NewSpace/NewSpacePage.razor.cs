using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Configuration;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Templates;
using Spaces.Runtime;
using Spaces.Runtime.Hardware;
using Spaces.Web.Api;
using Spaces.Web.Auth;

namespace Spaces.Web.Components.Pages.NewSpace;

/// <summary>
/// New Space: owner, name (checked as you type by js/new-space.js with the server's rules, and again here), title, template, hardware,
/// license, visibility, models; then "create from template" or "create empty and upload". Lands on the Space page.
/// </summary>
public sealed partial class NewSpacePage
{
    private static readonly IReadOnlyList<(string Value, string Label)> Licenses =
    [
        ("", "No license"), ("mit", "MIT"), ("apache-2.0", "Apache 2.0"), ("bsd-3-clause", "BSD 3-Clause"), ("mpl-2.0", "MPL 2.0"),
        ("gpl-3.0", "GPL 3.0"), ("cc-by-4.0", "CC BY 4.0"), ("cc-by-nc-4.0", "CC BY-NC 4.0"), ("openrail", "OpenRAIL"), ("other", "Other"),
    ];

    [Inject]
    public required SpaceTemplateCatalog Catalog { get; init; }

    [Inject]
    public required RepoService Repos { get; init; }

    [Inject]
    public required AccountService Accounts { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [Inject]
    public required IOptions<RuntimeOptions> Runtime { get; init; }

    [Inject]
    public required IOptions<SpacesOptions> Platform { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "new-space")]
    private NewSpaceInput? Input { get; set; }

    // Profiles link here with ?owner= to preselect an organization.
    [SupplyParameterFromQuery(Name = "owner")]
    private string? OwnerQuery { get; set; }

    private IReadOnlyList<string> Owners { get; set; } = [];

    private IReadOnlyList<SpaceTemplate> Templates { get; set; } = [];

    private IReadOnlyList<string> KnownModels { get; set; } = [];

    private Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    private string? Error { get; set; }

    private IReadOnlyList<HardwareFlavor> Flavors => SpaceRuntimeApi.OfferedFlavors(Runtime.Value);

    private string DefaultHardware => Runtime.Value.DefaultHardware;

    private string AppsDomain => Platform.Value.AppsDomain;

    private static IReadOnlyList<string> Sdks => RepoService.Sdks;

    protected override async Task OnInitializedAsync()
    {
        var ct = HttpContext?.RequestAborted ?? CancellationToken.None;
        var actor = await Actors.RequireAsync(ct);
        var organizations = await Accounts.OrganizationsOfAsync(actor.User.Id, ct);
        Owners = [actor.User.Name, .. organizations.Where(o => o.Role != OrganizationRole.Read).Select(o => o.Organization.Name)];
        Templates = [.. Catalog.List().OrderBy(t => TemplateOrder(t.Id)).ThenBy(t => t.Id, StringComparer.Ordinal)];
        KnownModels = [.. (await Repos.SearchAsync(actor, new RepoQuery(RepoType.Model, Sort: RepoSort.Likes, Limit: 200), ct)).Items.Select(m => m.FullName)];
        Input ??= new NewSpaceInput
        {
            Owner = Owners.FirstOrDefault(o => string.Equals(o, OwnerQuery, StringComparison.OrdinalIgnoreCase)) ?? actor.User.Name,
            Template = Templates.FirstOrDefault()?.Id,
        };
    }

    private async Task CreateAsync()
    {
        var http = HttpContext!;
        var ct = http.RequestAborted;
        var actor = await Actors.RequireAsync(ct);
        var input = Input!;
        var owner = Owners.FirstOrDefault(o => string.Equals(o, input.Owner?.Trim(), StringComparison.OrdinalIgnoreCase));
        var name = input.Name?.Trim() ?? "";
        var models = NewSpaceRules.SplitModels(input.Models);
        var hardware = string.IsNullOrWhiteSpace(input.Hardware) ? null : input.Hardware.Trim();
        var license = string.IsNullOrWhiteSpace(input.License) ? null : input.License.Trim();
        var isPrivate = input.Visibility == "private";

        if (owner is null)
        {
            Errors["owner"] = "Choose yourself or one of your organizations where you can write.";
        }

        if (NewSpaceRules.NameProblem(name) is { } nameProblem)
        {
            Errors["name"] = nameProblem;
        }

        if (hardware is not null && !Flavors.Any(f => f.Name == hardware))
        {
            Errors["hardware"] = $"Unknown hardware '{hardware}'.";
        }

        if (await NewSpaceRules.ModelsProblemAsync(Repos, actor, models, ct) is { } modelsProblem)
        {
            Errors["models"] = modelsProblem;
        }

        var fromTemplate = input.Mode != "empty";
        if (fromTemplate && Catalog.Find(input.Template ?? "") is null)
        {
            Errors["template"] = "Choose a template.";
        }

        if (!fromTemplate && !RepoService.Sdks.Contains(input.Sdk ?? ""))
        {
            Errors["sdk"] = "Choose docker, blazor or static.";
        }

        if (Errors.Count > 0)
        {
            Error = "Please fix the fields marked below.";
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Repo created;
        try
        {
            created = fromTemplate
                ? await Catalog.CreateSpaceAsync(actor, new NewSpaceFromTemplate(owner!, name, input.Template!, isPrivate, hardware, license, models, input.Title), ct)
                : await Repos.CreateAsync(actor, new CreateRepoRequest(
                    RepoType.Space, owner!, name, isPrivate, input.Sdk, hardware, License: license,
                    InitialFiles: NewSpaceRules.EmptySpaceFiles(name, input.Sdk!, input.Title, license, hardware, models)), ct);
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            if (problem.Field is { } field)
            {
                Errors[field is "repository" ? "name" : field] = problem.Message;
            }

            http.Response.StatusCode = ProblemHandling.StatusOf(problem.Kind);
            return;
        }

        var path = $"/spaces/{Uri.EscapeDataString(created.Owner?.Name ?? owner!)}/{Uri.EscapeDataString(created.Name)}";
        Navigation.NavigateTo(fromTemplate ? path : path + "/files");
    }

    private string? FieldError(string field) => Errors.GetValueOrDefault(field);

    private string Invalid(string field) => Errors.ContainsKey(field) ? "is-invalid" : "";

    // The newcomer's path first: the simplest template that builds everywhere.
    private static int TemplateOrder(string id) => id switch
    {
        "docker" => 0,
        "static" => 1,
        _ => 2,
    };
}
