using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Spaces.Core.Repositories;

namespace Spaces.Gateway.Routing;

/// <summary>
/// A Space's <see cref="SpaceAppConfig"/> per revision, read from README.md in git once and kept in a small memory cache (a commit
/// never changes, so an entry only leaves when unused for an hour or when the cache is full).
/// </summary>
internal sealed class SpaceAppSettings(RepoStorage storage) : IDisposable
{
    private const int MaxEntries = 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries, CompactionPercentage = 0.25 });

    /// <summary>The settings of <paramref name="space"/> at <paramref name="revision"/> (a commit id).</summary>
    public async Task<SpaceAppConfig> GetAsync(Repo space, string revision, CancellationToken cancellationToken)
    {
        var key = (space.Id, revision);
        if (_cache.TryGetValue(key, out SpaceAppConfig? known) && known is not null)
        {
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
        return config;
    }

    public void Dispose() => _cache.Dispose();
}
