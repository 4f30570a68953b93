using Microsoft.AspNetCore.Antiforgery;

namespace Spaces.Web.Auth;

/// <summary>Endpoints of the session that are not pages.</summary>
public static class SessionEndpoints
{
    /// <summary><c>POST /logout</c> (with the anti-forgery token every page's logout form carries) ends the session.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("The logout form expired; reload the page and try again.");
            }

            await SessionSignIn.SignOutAsync(http);
            return Results.Redirect("/");
        }).DisableAntiforgery();
        return endpoints;
    }
}
