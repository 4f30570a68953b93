using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Finds the Space an app host names. Answers (unknown hosts included) are remembered for
/// <see cref="GatewayOptions.SpaceLookupCacheDuration"/> on the injected <see cref="TimeProvider"/>'s clock, so a page's many requests
/// ask the database once; when an answer expires, concurrent requests for that host share one query instead of each sending their own.
/// </summary>
internal sealed class SpaceDirectory(IServiceScopeFactory scopes, IOptions<GatewayOptions> options, TimeProvider time)
{
    // Unknown hosts are remembered too, so the table is bounded: past this many it starts again from empty.
    private const int MaxEntries = 10_000;

    private readonly TimeSpan _lifetime = options.Value.SpaceLookupCacheDuration;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Repo?>>> _lookups = new(StringComparer.Ordinal);

    /// <summary>The Space (owner loaded) whose host label is <paramref name="host"/>'s, or null.</summary>
    public ValueTask<Repo?> FindAsync(SpaceHost host, CancellationToken cancellationToken) =>
        TryFindKnown(host, out var space) ? ValueTask.FromResult(space) : new ValueTask<Repo?>(LookUpAsync(host, cancellationToken));

    /// <summary>The answer for <paramref name="host"/> when one is remembered and fresh (<paramref name="space"/> null: no such Space), from memory only.</summary>
    public bool TryFindKnown(SpaceHost host, out Repo? space)
    {
        if (_entries.TryGetValue(host.Label, out var entry) && time.GetUtcNow() < entry.ExpiresAt)
        {
            space = entry.Space;
            return true;
        }

        space = null;
        return false;
    }

    private async Task<Repo?> LookUpAsync(SpaceHost host, CancellationToken cancellationToken)
    {
        var key = host.Label;
        var lookup = _lookups.GetOrAdd(key, _ => new Lazy<Task<Repo?>>(() => QueryAndRememberAsync(host)));
        // The shared query is not tied to the first caller's request: one visitor leaving must not fail the others.
        return await lookup.Value.WaitAsync(cancellationToken);
    }

    private async Task<Repo?> QueryAndRememberAsync(SpaceHost host)
    {
        var key = host.Label;
        try
        {
            Repo? space;
            await using (var scope = scopes.CreateAsyncScope())
            {
                space = await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, host.Owner, host.Name, CancellationToken.None);
            }

            if (_lifetime > TimeSpan.Zero)
            {
                if (_entries.Count >= MaxEntries)
                {
                    _entries.Clear();
                }

                _entries[key] = new Entry(space, time.GetUtcNow() + _lifetime);
            }

            return space;
        }
        finally
        {
            _lookups.TryRemove(key, out _);
        }
    }

    private sealed record Entry(Repo? Space, DateTimeOffset ExpiresAt);
}
