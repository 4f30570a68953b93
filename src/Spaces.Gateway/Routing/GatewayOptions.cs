namespace Spaces.Gateway.Routing;

/// <summary>How the gateway serves Space origins, bound from <c>Spaces:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Spaces:Gateway";

    /// <summary>
    /// The platform's origin (e.g. <c>https://spaces.example.com</c>), used for links on status pages and as the only site allowed to
    /// frame an app. Default null: the request's scheme and port on the apps domain's parent (<c>spaces.localhost</c> gives <c>localhost</c>).
    /// </summary>
    public string? PlatformOrigin { get; set; }

    /// <summary>How long a token made for the Space page (<see cref="SpaceAccessTokens.Create(long)"/>) is accepted. Default 5 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the <c>__spaces_app</c> cookie set from a valid token lets a private Space's visitor in. Default 12 hours.</summary>
    public TimeSpan AppCookieLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a host's Space (id, privacy, head) is remembered before the database is asked again. Default 2 seconds.</summary>
    public TimeSpan SpaceLookupCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Seconds after which a status or "waking up" page reloads itself (and the <c>Retry-After</c> it sends). Default 2.</summary>
    public int StatusPageRefreshSeconds { get; set; } = 2;

    /// <summary>
    /// Whether an HTTP/1.1 connection whose request was routed from memory to a running public Space goes on with its next requests on the
    /// socket engine's thread where its data arrives, as an event-loop proxy does (no hand-off to a pool thread and back per request;
    /// docs/benchmarks.md, "Gateway"). Every other request (the platform's, a private Space's, a lookup that has to ask the database or
    /// git, a status page) turns it off for its connection and moves to the thread pool first. Default null: on when the process has a
    /// socket engine thread per core (<see cref="GatewaySocketEngines.UseOnePerCore"/>), since with one engine thread for the whole
    /// process every Space connection would share it.
    /// </summary>
    public bool? InlineSpaceConnections { get; set; }

    /// <summary><see cref="InlineSpaceConnections"/>, its default worked out for this process.</summary>
    internal bool RunsSpaceConnectionsInline => InlineSpaceConnections ?? GatewaySocketEngines.OnePerCore;

    /// <summary>
    /// Whether the gateway reads the HTTP/1.1 connections of running public Spaces itself, below Kestrel's HTTP layer, and writes their
    /// answers straight into the connection (<see cref="SpaceConnections"/>): the simple requests (no body, no upgrade) that make up
    /// most of an app's traffic then cost about what they cost an event-loop proxy (docs/benchmarks.md, "Gateway"). Any other request
    /// hands its connection to Kestrel's server. Default true.
    /// </summary>
    public bool DirectSpaceConnections { get; set; } = true;
}
