using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Spaces.Web.Auth;

/// <summary>Cookie sessions for the UI, access tokens for the API and git, one default scheme choosing between them.</summary>
public static class AuthExtensions
{
    /// <summary>Registers the schemes and the per-request <see cref="ActorAccessor"/>.</summary>
    public static IServiceCollection AddSpacesAuthentication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ActorAccessor>();
        services.AddAuthentication(SpacesClaims.SmartScheme)
            .AddPolicyScheme(SpacesClaims.SmartScheme, "Token or cookie", policy =>
            {
                policy.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count > 0 ? SpacesClaims.TokenScheme : SpacesClaims.CookieScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(SpacesClaims.TokenScheme, _ => { })
            .AddCookie(SpacesClaims.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "spaces_session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/login";
                cookie.LogoutPath = "/logout";
                cookie.AccessDeniedPath = "/login";
                cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
                cookie.SlidingExpiration = true;
                // API callers get status codes, not redirects to the login page.
                cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization();
        return services;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
