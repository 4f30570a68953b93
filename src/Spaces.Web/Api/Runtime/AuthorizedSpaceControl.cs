using Spaces.Core.Repositories;
using Spaces.Runtime.Lifecycle;
using Spaces.Web.Auth;
using Spaces.Web.Live;

namespace Spaces.Web.Api.Runtime;

/// <summary>
/// What every control request does: find the Space with write access checked (404 when the caller cannot read it, 401/403 when it
/// cannot write), validate the input, act through <see cref="ISpaceControl"/>, and answer with the runtime JSON.
/// </summary>
internal sealed class AuthorizedSpaceControl(RepoService repos, ActorAccessor actors, SpaceStateReader states, IServiceProvider services)
{
    /// <summary>Runs <paramref name="action"/> for the Space <paramref name="owner"/>/<paramref name="name"/>.</summary>
    public async Task<IResult> RunAsync(string owner, string name, Func<ISpaceControl, Repo, Task> action, CancellationToken ct, Action? validate = null)
    {
        var repo = await repos.GetWritableAsync(await actors.GetAsync(ct), RepoType.Space, owner, name, ct);
        validate?.Invoke();
        await action(services.GetRequiredService<ISpaceControl>(), repo);
        return await SpaceRuntimeApi.RuntimeAsync(states, repo, ct);
    }
}
