using Microsoft.AspNetCore.Components;
using Spaces.Core.Accounts;
using Spaces.Core.Problems;
using Spaces.Web.Api;
using Spaces.Web.Auth;

namespace Spaces.Web.Components.Pages.Settings;

/// <summary>Create (shown once), list and revoke access tokens.</summary>
public sealed partial class Tokens
{
    [Inject]
    public required TokenService TokenService { get; init; }

    [Inject]
    public required ActorAccessor Actors { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "create-token")]
    private TokenInput? Input { get; set; }

    private IReadOnlyList<AccessToken> List { get; set; } = [];

    private CreatedToken? Created { get; set; }

    private string? Error { get; set; }

    private string? Revoked { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        await LoadAsync();
    }

    private async Task CreateAsync()
    {
        var actor = await Actors.RequireAsync(HttpContext!.RequestAborted);
        try
        {
            Created = await TokenService.CreateAsync(actor.User, Input?.Name ?? "", AccountsApi.ParseTokenRole(Input?.Role), HttpContext.RequestAborted);
            Input = new();
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            HttpContext.Response.StatusCode = ProblemHandling.StatusOf(problem.Kind);
        }

        await LoadAsync();
    }

    private async Task RevokeAsync(long id)
    {
        var actor = await Actors.RequireAsync(HttpContext!.RequestAborted);
        try
        {
            await TokenService.RevokeAsync(actor.User.Id, id, HttpContext.RequestAborted);
            Revoked = "The token was revoked: anything still using it is refused from now on.";
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            HttpContext.Response.StatusCode = ProblemHandling.StatusOf(problem.Kind);
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var actor = await Actors.RequireAsync(HttpContext!.RequestAborted);
        List = await TokenService.ListAsync(actor.User.Id, HttpContext.RequestAborted);
    }

    private sealed class TokenInput
    {
        public string? Name { get; set; }

        public string? Role { get; set; }
    }
}
