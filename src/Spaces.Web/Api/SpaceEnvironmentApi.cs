using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Spaces.Core.Repositories;
using Spaces.Core.SpaceSettings;
using Spaces.Runtime.Lifecycle;
using Spaces.Web.Auth;

namespace Spaces.Web.Api;

/// <summary>A Space's variables and secrets on the Hub's paths: <c>/api/spaces/{id}/variables</c> and <c>/api/spaces/{id}/secrets</c>.</summary>
public static class SpaceEnvironmentApi
{
    /// <summary>Maps GET (list), POST (add or replace <c>{key, value, description}</c>) and DELETE (<c>{key}</c>) for both.</summary>
    public static IEndpointRouteBuilder MapSpaceEnvironmentApi(this IEndpointRouteBuilder endpoints)
    {
        var space = endpoints.MapGroup("/api/spaces/{owner}/{name}");

        space.MapGet("/variables", async (string owner, string name, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            var variables = await environment.ListVariablesAsync(actor, repo, ct);
            return TypedResults.Json<IReadOnlyDictionary<string, VariableInfo>>(
                variables.ToDictionary(v => v.Key, v => new VariableInfo(v.Value!, v.Description, v.UpdatedAt)),
                SpaceEnvironmentJsonContext.Default.IReadOnlyDictionaryStringVariableInfo);
        });
        space.MapPost("/variables", async (HttpContext http, string owner, string name, EnvironmentEntryBody body, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            await environment.SetVariableAsync(actor, repo, body.Key, body.Value, body.Description, ct);
            await RestartForEnvironmentAsync(http, repo, ct);
            return TypedResults.NoContent();
        });
        space.MapDelete("/variables", async (HttpContext http, string owner, string name, [FromBody] EnvironmentKeyBody body, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            await environment.DeleteVariableAsync(actor, repo, body.Key, ct);
            await RestartForEnvironmentAsync(http, repo, ct);
            return TypedResults.NoContent();
        });

        space.MapGet("/secrets", async (string owner, string name, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            var secrets = await environment.ListSecretsAsync(actor, repo, ct);
            return TypedResults.Json<IReadOnlyList<SecretInfo>>([.. secrets.Select(s => new SecretInfo(s.Key, s.Description, s.UpdatedAt))],
                SpaceEnvironmentJsonContext.Default.IReadOnlyListSecretInfo);
        });
        space.MapPost("/secrets", async (HttpContext http, string owner, string name, EnvironmentEntryBody body, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            await environment.SetSecretAsync(actor, repo, body.Key, body.Value, body.Description, ct);
            await RestartForEnvironmentAsync(http, repo, ct);
            return TypedResults.NoContent();
        });
        space.MapDelete("/secrets", async (HttpContext http, string owner, string name, [FromBody] EnvironmentKeyBody body, RepoService repos, SpaceEnvironmentService environment, ActorAccessor actors, CancellationToken ct) =>
        {
            var (actor, repo) = await ResolveAsync(owner, name, repos, actors, ct);
            await environment.DeleteSecretAsync(actor, repo, body.Key, ct);
            await RestartForEnvironmentAsync(http, repo, ct);
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    // Changed variables or secrets reach a running Space only through a restart; without the runtime in the host there is nothing to restart.
    private static Task RestartForEnvironmentAsync(HttpContext http, Repo repo, CancellationToken ct) =>
        http.RequestServices.GetRequiredService<ISpaceControl>().EnvironmentChangedAsync(repo, ct);

    private static async Task<(Actor Actor, Repo Repo)> ResolveAsync(string owner, string name, RepoService repos, ActorAccessor actors, CancellationToken ct)
    {
        var actor = await actors.RequireAsync(ct);
        return (actor, await repos.GetReadableAsync(actor, RepoType.Space, owner, name, ct));
    }
}

/// <summary><c>{key, value, description}</c>.</summary>
public sealed record EnvironmentEntryBody(string? Key, string? Value, string? Description);

/// <summary><c>{key}</c>.</summary>
public sealed record EnvironmentKeyBody(string? Key);

/// <summary>A variable as the Hub lists it (keyed by name).</summary>
public sealed record VariableInfo(string Value, string? Description, DateTime UpdatedAt);

/// <summary>A secret as listed: never its value.</summary>
public sealed record SecretInfo(string Key, string? Description, DateTime UpdatedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EnvironmentEntryBody))]
[JsonSerializable(typeof(EnvironmentKeyBody))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, VariableInfo>))]
[JsonSerializable(typeof(IReadOnlyList<SecretInfo>))]
internal sealed partial class SpaceEnvironmentJsonContext : JsonSerializerContext;
