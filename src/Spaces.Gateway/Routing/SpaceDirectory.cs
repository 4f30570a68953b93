using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Repositories;

namespace Spaces.Gateway.Routing;

/// <summary>
/// Finds the Space an app host names. Answers (unknown hosts included) are remembered for a moment
/// (<see cref="GatewayOptions.SpaceLookupCacheDuration"/>), so a page's many requests ask the database once.
/// </summary>
internal sealed class SpaceDirectory : IDisposable
{
    private const int MaxEntries = 10_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly GatewayOptions _options;
    private readonly MemoryCache _cache;

    public SpaceDirectory(IServiceScopeFactory scopes, IOptions<GatewayOptions> options)
    {
        _scopes = scopes;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries });
    }

    /// <summary>The Space (owner loaded) whose host label is <paramref name="host"/>'s, or null.</summary>
    public async Task<Repo?> FindAsync(SpaceHost host, CancellationToken cancellationToken)
    {
        var key = host.Label;
        if (_cache.TryGetValue(key, out Repo? known))
        {
            return known;
        }

        Repo? space;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            space = await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, host.Owner, host.Name, cancellationToken);
        }

        if (_options.SpaceLookupCacheDuration > TimeSpan.Zero)
        {
            _cache.Set(key, space, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.SpaceLookupCacheDuration });
        }

        return space;
    }

    public void Dispose() => _cache.Dispose();
}
