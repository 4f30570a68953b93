using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>The host-to-Space lookup against the real database: answers remembered on the injected clock, then asked again.</summary>
public sealed class SpaceDirectoryTests(GatewayHostFixture host) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task An_answer_is_remembered_until_the_lookup_duration_passes_on_the_clock()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var directory = new SpaceDirectory(
            host.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new GatewayOptions { SpaceLookupCacheDuration = TimeSpan.FromSeconds(2) }),
            clock);
        var name = $"later-{Guid.NewGuid():N}"[..20];
        var label = new SpaceHost(GatewayHostFixture.Owner, name);

        Assert.Null(await directory.FindAsync(label, CancellationToken.None));
        long id;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var owner = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync(GatewayHostFixture.Owner);
            id = (await scope.ServiceProvider.GetRequiredService<RepoService>().CreateAsync(
                Actor.Session(owner), new CreateRepoRequest(RepoType.Space, GatewayHostFixture.Owner, name, false, "static"))).Id;
        }

        // Created since: the remembered "no such Space" holds until the duration has passed, however slow the machine.
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Null(await directory.FindAsync(label, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(id, (await directory.FindAsync(label, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task Concurrent_lookups_of_an_expired_host_share_one_answer()
    {
        var directory = new SpaceDirectory(
            host.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new GatewayOptions { SpaceLookupCacheDuration = TimeSpan.FromSeconds(2) }),
            new ManualTimeProvider(DateTimeOffset.UnixEpoch));
        var label = new SpaceHost(GatewayHostFixture.Owner, "echo");

        var found = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => directory.FindAsync(label, CancellationToken.None).AsTask()));

        Assert.All(found, space => Assert.Equal(host.PublicId, space?.Id));
        Assert.Single(found.Distinct());
    }
}
