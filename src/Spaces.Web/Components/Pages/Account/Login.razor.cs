using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Spaces.Core.Accounts;
using Spaces.Web.Auth;

namespace Spaces.Web.Components.Pages.Account;

/// <summary>The login form (a plain POST form: it works without JavaScript).</summary>
public sealed partial class Login
{
    [Inject]
    public required AccountService Accounts { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "login")]
    private LoginInput? Input { get; set; }

    // The form posts back to the same URL, query string included.
    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private string? Error { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private async Task LogInAsync()
    {
        var user = await Accounts.VerifyPasswordAsync(Input!.Name.Trim(), Input.Password, HttpContext!.RequestAborted);
        if (user is null)
        {
            Error = "That user name and password do not match.";
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await SessionSignIn.SignInAsync(HttpContext, user);
        Navigation.NavigateTo(SessionSignIn.SafeReturnUrl(ReturnUrl));
    }

    private sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name or e-mail.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }
}
