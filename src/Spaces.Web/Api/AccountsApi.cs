using Spaces.Core.Accounts;
using Spaces.Core.Problems;
using Spaces.Web.Auth;

namespace Spaces.Web.Api;

/// <summary><c>/api/whoami-v2</c>, access tokens (<c>/api/settings/tokens</c>) and organizations (<c>/api/organizations</c>).</summary>
public static class AccountsApi
{
    /// <summary>Maps the account endpoints.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/whoami-v2", WhoAmIAsync);

        var tokens = endpoints.MapGroup("/api/settings/tokens");
        tokens.MapGet("", ListTokensAsync);
        tokens.MapPost("", CreateTokenAsync);
        tokens.MapDelete("/{id:long}", RevokeTokenAsync);

        var organizations = endpoints.MapGroup("/api/organizations");
        organizations.MapPost("/create", CreateOrganizationAsync);
        organizations.MapGet("/{organization}/members", MembersAsync);
        organizations.MapPut("/{organization}/members/{user}", SetMemberAsync);
        organizations.MapDelete("/{organization}/members/{user}", RemoveMemberAsync);
        return endpoints;
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext http, ActorAccessor actors, AccountService accounts, TokenService tokenService, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        var organizations = await accounts.OrganizationsOfAsync(actor.User.Id, ct);
        var role = http.User.FindFirst(SpacesClaims.TokenRole)?.Value;
        var auth = role is null
            ? new WhoAmIAuth("session", null)
            : new WhoAmIAuth("access_token", new WhoAmIToken(TokenNameOf(http), role));
        return TypedResults.Json(new WhoAmI(
            "user", actor.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), actor.User.Name, actor.User.DisplayName,
            actor.User.Email, actor.User.IsAdmin,
            [.. organizations.Select(o => new WhoAmIOrg("org", o.Organization.Name, o.Organization.DisplayName, RoleName(o.Role)))],
            auth), ApiJsonContext.Default.WhoAmI);
    }

    private static async Task<IResult> ListTokensAsync(ActorAccessor actors, TokenService tokens, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        var list = await tokens.ListAsync(actor.User.Id, ct);
        return TypedResults.Json<IReadOnlyList<TokenInfo>>(
            [.. list.Select(t => new TokenInfo(t.Id, t.Name, RoleName(t.Role), t.Prefix, t.CreatedAt, t.LastUsedAt))],
            ApiJsonContext.Default.IReadOnlyListTokenInfo);
    }

    private static async Task<IResult> CreateTokenAsync(CreateTokenBody body, ActorAccessor actors, TokenService tokens, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        var created = await tokens.CreateAsync(actor.User, body.Name ?? "", ParseTokenRole(body.Role), ct);
        return TypedResults.Json(new CreatedTokenInfo(created.Token.Id, created.Token.Name, RoleName(created.Token.Role), created.Secret),
            ApiJsonContext.Default.CreatedTokenInfo, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeTokenAsync(long id, ActorAccessor actors, TokenService tokens, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        await tokens.RevokeAsync(actor.User.Id, id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateOrganizationAsync(CreateOrganizationBody body, ActorAccessor actors, AccountService accounts, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        var organization = await accounts.CreateOrganizationAsync(actor.User, body.Name ?? "", body.DisplayName, ct);
        return TypedResults.Json(new WhoAmIOrg("org", organization.Name, organization.DisplayName, "admin"),
            ApiJsonContext.Default.WhoAmIOrg, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> MembersAsync(string organization, ActorAccessor actors, AccountService accounts, CancellationToken ct)
    {
        var actor = await actors.GetAsync(ct);
        var org = await FindOrganizationAsync(accounts, organization, ct);
        var members = await accounts.MembersOfAsync(org.Id, ct);
        // Membership is visible to members and admins only.
        if (actor is null || (!actor.User.IsAdmin && members.All(m => m.User.Id != actor.User.Id)))
        {
            throw ProblemException.NotFound($"Organization '{organization}' has no members you can see.");
        }

        return TypedResults.Json<IReadOnlyList<MemberInfo>>([.. members.Select(m => new MemberInfo(m.User.Name, RoleName(m.Role)))],
            ApiJsonContext.Default.IReadOnlyListMemberInfo);
    }

    private static async Task<IResult> SetMemberAsync(string organization, string user, MemberBody body, ActorAccessor actors, AccountService accounts, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        var org = await FindOrganizationAsync(accounts, organization, ct);
        await accounts.SetMemberAsync(actor.User, org, user, ParseOrganizationRole(body.Role), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RemoveMemberAsync(string organization, string user, ActorAccessor actors, AccountService accounts, CancellationToken ct)
    {
        var actor = await RequireSessionOrWriteAsync(actors, ct);
        var org = await FindOrganizationAsync(accounts, organization, ct);
        await accounts.RemoveMemberAsync(actor.User, org, user, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Core.Repositories.Actor> RequireSessionOrWriteAsync(ActorAccessor actors, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        return actor.CanWrite ? actor : throw ProblemException.Forbidden("This access token can only read; this needs a write token or a login session.");
    }

    private static async Task<Account> FindOrganizationAsync(AccountService accounts, string name, CancellationToken ct)
    {
        var org = await accounts.FindAsync(name, ct);
        return org is { Kind: AccountKind.Organization } ? org : throw ProblemException.NotFound($"There is no organization named '{name}'.");
    }

    private static string TokenNameOf(HttpContext http) => http.User.FindFirst(SpacesClaims.TokenName)?.Value ?? "token";

    internal static TokenRole ParseTokenRole(string? role) => role?.ToLowerInvariant() switch
    {
        null or "" or "read" => TokenRole.Read,
        "write" => TokenRole.Write,
        _ => throw ProblemException.Invalid("role", $"Unknown token role '{role}': use read or write."),
    };

    private static OrganizationRole ParseOrganizationRole(string? role) => role?.ToLowerInvariant() switch
    {
        null or "" or "read" => OrganizationRole.Read,
        "write" or "contributor" => OrganizationRole.Write,
        "admin" => OrganizationRole.Admin,
        _ => throw ProblemException.Invalid("role", $"Unknown member role '{role}': use read, write or admin."),
    };

    internal static string RoleName(TokenRole role) => role == TokenRole.Write ? "write" : "read";

    private static string RoleName(OrganizationRole role) => role switch
    {
        OrganizationRole.Admin => "admin",
        OrganizationRole.Write => "write",
        _ => "read",
    };
}
