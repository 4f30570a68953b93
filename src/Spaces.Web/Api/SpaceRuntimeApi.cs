using Microsoft.Extensions.Options;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Runtime;
using Spaces.Runtime.Hardware;
using Spaces.Web.Api.Runtime;
using Spaces.Web.Auth;
using Spaces.Web.Live;

namespace Spaces.Web.Api;

/// <summary>
/// A Space's runtime and its controls on the Hub's paths: <c>GET /api/spaces/{id}/runtime</c>, <c>GET /api/spaces/hardware</c>, and
/// <c>POST /api/spaces/{id}/restart[?factory=true]</c>, <c>/pause</c>, <c>/resume</c>, <c>/stop</c>, <c>/hardware</c>,
/// <c>/sleeptime</c>. Controls need write access (404 for Spaces the caller cannot read) and answer with the runtime.
/// </summary>
public static class SpaceRuntimeApi
{
    /// <summary>Maps the runtime, the hardware list and the controls.</summary>
    public static IEndpointRouteBuilder MapSpaceRuntimeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/spaces/hardware", (IOptions<RuntimeOptions> options) =>
            TypedResults.Json<IReadOnlyList<HardwareFlavorInfo>>(
                [.. OfferedFlavors(options.Value).Select(HardwareFlavorInfo.From)], SpaceRuntimeJsonContext.Default.IReadOnlyListHardwareFlavorInfo));

        var space = endpoints.MapGroup("/api/spaces/{owner}/{name}");
        space.MapGet("/runtime", async (string owner, string name, RepoService repos, ActorAccessor actors, SpaceStateReader states, CancellationToken ct) =>
        {
            var repo = await repos.GetReadableAsync(await actors.GetAsync(ct), RepoType.Space, owner, name, ct);
            return await RuntimeAsync(states, repo, ct);
        });

        space.MapPost("/restart", (string owner, string name, bool? factory, AuthorizedSpaceControl controls, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.RestartAsync(repo, factory ?? false, ct), ct));
        space.MapPost("/pause", (string owner, string name, AuthorizedSpaceControl controls, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.PauseAsync(repo, ct), ct));
        space.MapPost("/resume", (string owner, string name, AuthorizedSpaceControl controls, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.ResumeAsync(repo, ct), ct));
        space.MapPost("/stop", (string owner, string name, AuthorizedSpaceControl controls, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.StopAsync(repo, ct), ct));
        space.MapPost("/hardware", (string owner, string name, HardwareBody body, AuthorizedSpaceControl controls, IOptions<RuntimeOptions> options, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.SetHardwareAsync(repo, body.Flavor!, body.SleepTimeSeconds, ct), ct, validate: () =>
            {
                var flavors = OfferedFlavors(options.Value);
                if (string.IsNullOrEmpty(body.Flavor) || !flavors.Any(f => f.Name == body.Flavor))
                {
                    throw ProblemException.Invalid("flavor",
                        $"Unknown hardware flavor '{body.Flavor}': use one of {string.Join(", ", flavors.Select(f => f.Name))}.");
                }

                if (body.SleepTimeSeconds is { } seconds)
                {
                    ValidateSleepTime(seconds, "sleepTimeSeconds");
                }
            }));
        space.MapPost("/sleeptime", (string owner, string name, SleepTimeBody body, AuthorizedSpaceControl controls, CancellationToken ct) =>
            controls.RunAsync(owner, name, (control, repo) => control.SetSleepTimeAsync(repo, body.Seconds!.Value, ct), ct, validate: () =>
                ValidateSleepTime(body.Seconds ?? throw ProblemException.Invalid("seconds", "seconds is required: -1 (never) or at least 60."), "seconds")));
        return endpoints;
    }

    /// <summary>The configured flavors, one per name (a later definition replaces an earlier one, e.g. configuration over defaults).</summary>
    public static IReadOnlyList<HardwareFlavor> OfferedFlavors(RuntimeOptions options) =>
        [.. options.Flavors.Where(f => !string.IsNullOrEmpty(f.Name)).GroupBy(f => f.Name, StringComparer.Ordinal).Select(g => g.Last())];

    private static void ValidateSleepTime(int seconds, string field)
    {
        if (seconds != -1 && seconds < 60)
        {
            throw ProblemException.Invalid(field, $"{field} must be -1 (never) or at least 60, got {seconds}.");
        }
    }

    /// <summary>The runtime JSON of <paramref name="repo"/>.</summary>
    internal static async Task<IResult> RuntimeAsync(SpaceStateReader states, Repo repo, CancellationToken ct) =>
        TypedResults.Json(SpaceRuntimeInfo.From(await states.ReadAsync(repo, ct)), SpaceRuntimeJsonContext.Default.SpaceRuntimeInfo);
}
