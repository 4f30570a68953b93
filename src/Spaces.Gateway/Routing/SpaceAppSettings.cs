using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Spaces.Core.Repositories;

namespace Spaces.Gateway.Routing;

/// <summary>
/// A Space's <see cref="SpaceAppConfig"/> per revision, read from README.md in git once and kept in a small memory cache (a commit
/// never changes, so an entry only leaves when unused for an hour or when the cache is full). The revision each Space was last asked
/// for is also kept aside, so the gateway's per-request question about a running Space is one dictionary read.
/// </summary>
internal sealed class SpaceAppSettings(RepoStorage storage) : IDisposable
{
    private const int MaxEntries = 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries, CompactionPercentage = 0.25 });
    private readonly ConcurrentDictionary<long, (string Revision, SpaceAppConfig Config)> _latest = new();

    /// <summary>The settings of <paramref name="space"/> at <paramref name="revision"/> (a commit id).</summary>
    public ValueTask<SpaceAppConfig> GetAsync(Repo space, string revision, CancellationToken cancellationToken) =>
        TryGetLatest(space.Id, revision, out var config) ? ValueTask.FromResult(config) : new ValueTask<SpaceAppConfig>(LoadAsync(space, revision, cancellationToken));

    /// <summary>The settings at <paramref name="revision"/> when it is the revision this Space was last asked for, from memory only.</summary>
    public bool TryGetLatest(long spaceId, string revision, [MaybeNullWhen(false)] out SpaceAppConfig config)
    {
        if (_latest.TryGetValue(spaceId, out var latest) && string.Equals(latest.Revision, revision, StringComparison.Ordinal))
        {
            config = latest.Config;
            return true;
        }

        config = null;
        return false;
    }

    private async Task<SpaceAppConfig> LoadAsync(Repo space, string revision, CancellationToken cancellationToken)
    {
        var key = (space.Id, revision);
        if (_cache.TryGetValue(key, out SpaceAppConfig? known) && known is not null)
        {
            Remember(space.Id, revision, known);
            return known;
        }

        byte[]? readme;
        try
        {
            readme = await storage.Open(space).ReadFileAsync(revision, "README.md", cancellationToken);
        }
        catch (RepoEntryNotFoundException)
        {
            readme = null;
        }

        var config = SpaceAppConfig.FromReadme(readme is null ? null : Encoding.UTF8.GetString(readme), space.FullName);
        _cache.Set(key, config, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        Remember(space.Id, revision, config);
        return config;
    }

    private void Remember(long spaceId, string revision, SpaceAppConfig config)
    {
        // One entry per Space served; bounded like the cache, by starting again from empty.
        if (_latest.Count >= MaxEntries * 8)
        {
            _latest.Clear();
        }

        _latest[spaceId] = (revision, config);
    }

    public void Dispose() => _cache.Dispose();
}
