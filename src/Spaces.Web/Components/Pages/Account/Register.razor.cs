using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Accounts;
using Spaces.Core.Problems;
using Spaces.Web.Auth;

namespace Spaces.Web.Components.Pages.Account;

/// <summary>Registration; the first account of a platform becomes its administrator.</summary>
public sealed partial class Register
{
    [Inject]
    public required AccountService Accounts { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "register")]
    private RegisterInput? Input { get; set; }

    private string? Error { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private async Task RegisterAsync()
    {
        Spaces.Core.Accounts.Account user;
        try
        {
            user = await Accounts.RegisterAsync(Input!.Name.Trim(), Input.Email?.Trim(), Input.Password, HttpContext!.RequestAborted);
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            HttpContext!.Response.StatusCode = problem.Kind == ProblemKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return;
        }

        await SessionSignIn.SignInAsync(HttpContext, user);
        Navigation.NavigateTo("/");
    }

    private sealed class RegisterInput
    {
        [Required(ErrorMessage = "Choose a user name.")]
        public string Name { get; set; } = "";

        // Browsers post an empty optional field as "": that means no e-mail, not a malformed one.
        [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        public string? Email
        {
            get;
            set => field = string.IsNullOrWhiteSpace(value) ? null : value;
        }

        [Required(ErrorMessage = "Choose a password.")]
        [MinLength(AccountService.MinPasswordLength, ErrorMessage = "The password must have at least 8 characters.")]
        public string Password { get; set; } = "";
    }
}
