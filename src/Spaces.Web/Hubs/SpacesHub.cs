using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
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
/// <item><c>WatchStages(spaces)</c> (at most <see cref="MaxStageSpaces"/> <c>"owner/name"</c> ids) streams
/// <c>{space, stage, message?}</c>: the current stage of each Space first, then one item per stage change of any of them (nothing
/// else). For pages that show many Spaces (cards); it ends when the client cancels the stream or disconnects.</item>
/// </list>
/// A Space the caller may not read (private, or absent) is refused with a hub error whose message contains "not found"; in
/// <c>WatchStages</c> it is left out instead: nothing is sent for it, so the stream tells nothing about it.
/// </summary>
public sealed class SpacesHub(IServiceScopeFactory scopes, SpaceStateReader states, SpaceLiveFeed feed, SpaceNotifications notifications) : Hub
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = "/hubs/spaces";

    /// <summary>The most Spaces one <c>WatchStages</c> call may watch.</summary>
    public const int MaxStageSpaces = 100;

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

    /// <summary>
    /// The stages of up to <see cref="MaxStageSpaces"/> Spaces, live: the current stage of each, then only their changes. Spaces the
    /// caller may not read (or that do not exist, or ids that are not <c>owner/name</c>) yield nothing; when that leaves none, the
    /// stream ends at once.
    /// </summary>
    public async IAsyncEnumerable<SpaceStageItem> WatchStages(string[] spaces, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (spaces is null)
        {
            throw new HubException("WatchStages needs an array of Space ids (owner/name).");
        }

        if (spaces.Length > MaxStageSpaces)
        {
            throw new HubException($"WatchStages watches at most {MaxStageSpaces} Spaces per call; {spaces.Length} were asked. Split them over several streams.");
        }

        var names = new Dictionary<long, List<string>>();
        var readable = new List<Repo>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var actor = await HubActors.ResolveAsync(Context.User, scope.ServiceProvider, cancellationToken);
            foreach (var spaceId in spaces.Distinct(StringComparer.Ordinal))
            {
                if (await TryGetReadableAsync(scope.ServiceProvider, actor, spaceId, cancellationToken) is not { } space)
                {
                    continue;
                }

                if (!names.TryGetValue(space.Id, out var asked))
                {
                    names[space.Id] = asked = [];
                    readable.Add(space);
                }

                asked.Add(spaceId);
            }
        }

        await foreach (var change in new SpaceStagesFeed(notifications, states).WatchAsync(readable, cancellationToken))
        {
            foreach (var name in names[change.SpaceId])
            {
                yield return new SpaceStageItem(name, change.Stage.ToHubName(), change.ErrorMessage);
            }
        }
    }

    private async Task<Repo> FindReadableAsync(string spaceId, CancellationToken cancellationToken)
    {
        if (!IsSpaceId(spaceId))
        {
            throw new HubException($"Space '{spaceId}' not found: Space ids look like owner/name.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var actor = await HubActors.ResolveAsync(Context.User, scope.ServiceProvider, cancellationToken);
        return await TryGetReadableAsync(scope.ServiceProvider, actor, spaceId, cancellationToken)
            ?? throw new HubException($"Space {spaceId} not found.");
    }

    /// <summary>The Space <paramref name="spaceId"/> when <paramref name="actor"/> may read it; null when absent, private to others, or not an id.</summary>
    private static async Task<Repo?> TryGetReadableAsync(IServiceProvider services, Actor? actor, string? spaceId, CancellationToken cancellationToken)
    {
        if (spaceId?.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            return null;
        }

        try
        {
            return await services.GetRequiredService<RepoService>().GetReadableAsync(actor, RepoType.Space, owner, name, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.NotFound)
        {
            return null;
        }
    }

    private static bool IsSpaceId(string? spaceId) => spaceId?.Split('/') is [{ Length: > 0 }, { Length: > 0 }];
}
