namespace Spaces.Docker.Models;

/// <summary>Which events <c>GET /events</c> streams.</summary>
public sealed class EventsParameters
{
    /// <summary>Filters such as <c>type</c>, <c>event</c>, <c>label</c>, <c>container</c>. Default none: all events.</summary>
    public DockerFilters? Filters { get; set; }

    /// <summary>Replay events since this time. Default null: only new events.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Stop streaming at this time. Default null: stream until cancelled.</summary>
    public DateTimeOffset? Until { get; set; }
}
