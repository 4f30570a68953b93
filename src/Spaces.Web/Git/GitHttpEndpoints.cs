using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Web.Auth;

namespace Spaces.Web.Git;

/// <summary>
/// git over smart HTTP, at the Hub's remotes: <c>/{owner}/{name}</c> for models and <c>/spaces/{owner}/{name}</c> for Spaces, with or
/// without <c>.git</c>. Reading (upload-pack) follows the repository's visibility; pushing (receive-pack) needs a write token of someone
/// who may write. Dumb HTTP is not offered.
/// </summary>
internal static partial class GitHttpEndpoints
{
    private const string UploadPack = "git-upload-pack";
    private const string ReceivePack = "git-receive-pack";

    /// <summary>Maps <c>GET info/refs?service=…</c>, <c>POST git-upload-pack</c> and <c>POST git-receive-pack</c> for both path styles.</summary>
    public static IEndpointRouteBuilder MapGitHttp(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (prefix, type) in new[] { ("/spaces/{owner}/{name}", RepoType.Space), ("/{owner}/{name}", RepoType.Model) })
        {
            endpoints.MapGet(prefix + "/info/refs", (HttpContext http, string owner, string name) =>
                    ServeAsync(http, type, owner, name, http.Request.Query["service"].ToString(), "/info/refs"))
                .ExcludeFromDescription();
            endpoints.MapPost(prefix + "/" + UploadPack, (HttpContext http, string owner, string name) =>
                    ServeAsync(http, type, owner, name, UploadPack, "/" + UploadPack))
                .ExcludeFromDescription();
            endpoints.MapPost(prefix + "/" + ReceivePack, (HttpContext http, string owner, string name) =>
                    ServeAsync(http, type, owner, name, ReceivePack, "/" + ReceivePack))
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task ServeAsync(HttpContext http, RepoType type, string owner, string name, string service, string pathInRepo)
    {
        // Refusals carry their own text for git to show; the UI's status pages must not replace them.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        if (service is not (UploadPack or ReceivePack))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden,
                "Only git's smart HTTP protocol is offered here; use git 1.6.6 or newer.");
            return;
        }

        var cancellationToken = http.RequestAborted;
        var services = http.RequestServices;
        var actor = await services.GetRequiredService<ActorAccessor>().GetAsync(cancellationToken);
        if (actor is null && http.Request.Headers.Authorization.Count > 0)
        {
            await ChallengeAsync(http, "Invalid or revoked access token: use an access token as the password.");
            return;
        }

        var repos = services.GetRequiredService<RepoService>();
        Repo repo;
        try
        {
            repo = await repos.GetReadableAsync(actor, type, owner, StripGitSuffix(name), cancellationToken);
            if (service == ReceivePack)
            {
                await repos.RequireWriteAsync(actor, repo, cancellationToken);
            }
        }
        catch (ProblemException problem) when (actor is null && problem.Kind is ProblemKind.NotFound or ProblemKind.Unauthorized)
        {
            // Anonymous callers are asked for credentials, whether the repository is private or missing: existence is not revealed.
            await ChallengeAsync(http, "Authentication required: use an access token as the password.");
            return;
        }
        catch (ProblemException problem) when (problem.Kind is ProblemKind.NotFound or ProblemKind.Forbidden)
        {
            await RefuseAsync(http, problem.Kind == ProblemKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden,
                problem.Message);
            return;
        }

        var storage = services.GetRequiredService<RepoStorage>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitHttpBackend).FullName!);
        var backend = new GitHttpBackend(storage.Root, logger);
        var pushing = http.Request.Method == HttpMethods.Post && service == ReceivePack;
        var succeeded = false;
        try
        {
            succeeded = (await backend.RunAsync(http, Path.GetFileName(storage.PathOf(repo)), pathInRepo, actor)).Succeeded;
        }
        finally
        {
            if (pushing)
            {
                // Whatever the client saw (even a dropped connection), record what main now points at so the build follows the push.
                await repos.SyncHeadAsync(repo, CancellationToken.None);
                Log.Pushed(logger, repo.FullName, actor!.User.Name, repo.HeadCommit, succeeded);
            }
        }
    }

    /// <summary>The repository name of a remote URL segment: <c>name.git</c> and <c>name</c> name the same repository.</summary>
    public static string StripGitSuffix(string name) =>
        name.Length > 4 && name.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;

    // 401 with the Basic challenge, so git asks its credential helper (or the user) and retries.
    private static async Task ChallengeAsync(HttpContext http, string message)
    {
        await http.ChallengeAsync(SpacesClaims.TokenScheme);
        await WriteTextAsync(http, message);
    }

    // git prints a text/plain body of a refused request as "remote: ..." lines.
    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return WriteTextAsync(http, message);
    }

    private static Task WriteTextAsync(HttpContext http, string message)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache, max-age=0, must-revalidate";
        return http.Response.WriteAsync(message + "\n", http.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "git push to {Repo} by {User}: main at {Head} (backend succeeded: {Succeeded})")]
        public static partial void Pushed(ILogger logger, string repo, string user, string? head, bool succeeded);
    }
}
