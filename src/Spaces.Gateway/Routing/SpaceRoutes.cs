using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Runtime.Lifecycle;

namespace Spaces.Gateway.Routing;

/// <summary>
/// The way from a Host header to a running public Space's container, for both of the gateway's fronts (the HTTP middleware and the
/// connections it serves itself): the host's Space parsed once per distinct value, and the whole route when the Space, its endpoint and
/// its settings are all in memory, so serving it blocks nowhere.
/// </summary>
internal sealed class SpaceRoutes
{
    private const int MaxHosts = 10_000;

    private readonly SpaceDirectory _directory;
    private readonly ISpaceControl _control;
    private readonly SpaceAppSettings _settings;
    private readonly string _appsDomain;
    // A site's requests repeat the same few hosts. Bounded like the other caches, by starting again from empty.
    private readonly ConcurrentDictionary<string, SpaceHost?> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SpaceHost?>.AlternateLookup<ReadOnlySpan<char>> _hostsByChars;
    // One Uri per published port, made once: parsing one per request costs more than the lookup.
    private readonly ConcurrentDictionary<int, Uri> _upstreams = new();

    public SpaceRoutes(SpaceDirectory directory, ISpaceControl control, SpaceAppSettings settings, IOptions<SpacesOptions> spaces, IOptions<GatewayOptions> options)
    {
        _directory = directory;
        _control = control;
        _settings = settings;
        _appsDomain = spaces.Value.AppsDomain;
        _hostsByChars = _hosts.GetAlternateLookup<ReadOnlySpan<char>>();
        Platform = new PlatformOrigin.Cache(_appsDomain, options.Value);
    }

    /// <summary>The platform's origin as seen from the Space origins.</summary>
    public PlatformOrigin.Cache Platform { get; }

    /// <summary>The Space a Host header value (port included) names; false for any other host (the platform's).</summary>
    public bool TryParseHost(string raw, out SpaceHost host)
    {
        if (!_hosts.TryGetValue(raw, out var known))
        {
            known = Remember(raw);
        }

        host = known.GetValueOrDefault();
        return known.HasValue;
    }

    /// <inheritdoc cref="TryParseHost(string, out SpaceHost)"/>
    public bool TryParseHost(ReadOnlySpan<byte> raw, out SpaceHost host)
    {
        host = default;
        if (raw.Length > 512)
        {
            return false;
        }

        Span<char> chars = stackalloc char[raw.Length];
        if (Ascii.ToUtf16(raw, chars, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        if (!_hostsByChars.TryGetValue(chars, out var known))
        {
            known = Remember(new string(chars));
        }

        host = known.GetValueOrDefault();
        return known.HasValue;
    }

    private SpaceHost? Remember(string raw)
    {
        var known = SpaceHost.TryParse(new HostString(raw), _appsDomain, out var parsed) ? parsed : (SpaceHost?)null;
        if (_hosts.Count >= MaxHosts)
        {
            _hosts.Clear();
        }

        _hosts[raw] = known;
        return known;
    }

    /// <summary>
    /// The route of a running public Space when everything it needs is in memory (the host's Space, its endpoint, its settings at the
    /// revision served): then serving it runs no database query, git call or other blocking work, so it may run on a socket engine thread.
    /// </summary>
    public bool TryRouteFromMemory(SpaceHost host, out KnownRoute route)
    {
        if (_directory.TryFindKnown(host, out var space) && space is { IsPrivate: false }
            && _control.TryGetKnownEndpoint(space.Id, out var endpoint) && endpoint is not null
            && _settings.TryGetLatest(space.Id, endpoint.Revision, out var config))
        {
            route = new KnownRoute(space, endpoint, config);
            return true;
        }

        route = default;
        return false;
    }

    /// <summary>
    /// Asks the database, the runtime and git what <see cref="TryRouteFromMemory"/> needs for <paramref name="host"/> when it is a public
    /// Space (blocking work: call it on the thread pool). Afterwards the route is in memory if the Space runs.
    /// </summary>
    public async Task LoadAsync(SpaceHost host, CancellationToken cancellationToken)
    {
        if (await _directory.FindAsync(host, cancellationToken) is { IsPrivate: false } space
            && await _control.GetEndpointAsync(space.Id, cancellationToken) is { } endpoint)
        {
            await _settings.GetAsync(space, endpoint.Revision, cancellationToken);
        }
    }

    /// <summary>The upstream of a container published on <paramref name="port"/>: only ever 127.0.0.1, never a container's own address.</summary>
    public Uri Upstream(int port) => _upstreams.GetOrAdd(port, static port => new Uri($"http://127.0.0.1:{port}/"));

    /// <summary>Restarts the Space's sleep timer: someone is using the app.</summary>
    public void ReportActivity(Repo space) => _control.ReportActivity(space.Id);
}

/// <summary>A running public Space's route, all from memory.</summary>
internal readonly record struct KnownRoute(Repo Space, SpaceEndpoint Endpoint, SpaceAppConfig Config);
