using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Runtime.Notifications;
using Spaces.Web.Live;

namespace Spaces.Web.Hubs;

/// <summary>
/// The live view of Spaces over SignalR at <c>/hubs/spaces</c> (JSON protocol; cookie session, or an access token as
/// <c>?access_token=</c> / <c>Authorization: Bearer</c>). Streaming design, no groups:
/// <list type="bullet">
/// <item><c>Subscribe(spaceId)</c> (<c>"owner/name"</c>) answers the current state
/// <c>{spaceId, stage, reason, errorMessage, hardware, requestedHardware, at}</c>.</item>
/// <item><c>Watch(spaceId, backlog)</c> streams <c>{type:"stage", stage, reason, errorMessage, at}</c> (the current stage first),
/// then the last <c>backlog</c> lines of the build and run logs as <c>{type:"log", kind:"build"|"run", seq, line, isError, at}</c>,
/// then every stage change, log line and, while the stream is open, <c>{type:"metrics", cpu, memory, memoryLimit, at}</c> about
/// once a second. It ends when the client cancels the stream or disconnects.</item>
/// </list>
/// A Space the caller may not read (private, or absent) is refused with a hub error whose message contains "not found".
/// </summary>
public sealed class SpacesHub(IServiceScopeFactory scopes, SpaceStateReader states, SpaceLiveFeed feed) : Hub
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = "/hubs/spaces";

    /// <summary>The current state of a Space the caller can read.</summary>
    public async Task<SpaceStateEvent> Subscribe(string spaceId)
    {
        var space = await FindReadableAsync(spaceId, Context.ConnectionAborted);
        return SpaceStateEvent.From(await states.ReadAsync(space, Context.ConnectionAborted));
    }

    /// <summary>The Space's stage, log lines (after <paramref name="backlog"/> lines of each log) and metrics, live.</summary>
    public async IAsyncEnumerable<object> Watch(string spaceId, int backlog, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var space = await FindReadableAsync(spaceId, cancellationToken);
        var tail = Math.Clamp(backlog, 0, SpaceNotifications.BacklogLines);
        await foreach (var notification in feed.WatchAsync(space, LiveTopics.All, tail, cancellationToken))
        {
            yield return LiveEvents.From(notification);
        }
    }

    private async Task<Repo> FindReadableAsync(string spaceId, CancellationToken cancellationToken)
    {
        if (spaceId?.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            throw new HubException($"Space '{spaceId}' not found: Space ids look like owner/name.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var actor = await HubActors.ResolveAsync(Context.User, scope.ServiceProvider, cancellationToken);
        try
        {
            return await scope.ServiceProvider.GetRequiredService<RepoService>().GetReadableAsync(actor, RepoType.Space, owner, name, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            throw new HubException($"Space {spaceId} not found.");
        }
    }
}
