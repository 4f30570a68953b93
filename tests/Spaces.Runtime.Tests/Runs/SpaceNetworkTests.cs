using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Docker.Models;
using Spaces.Runtime.Runs;
using Spaces.Runtime.Tests.Lifecycle;

namespace Spaces.Runtime.Tests.Runs;

[Collection(RuntimeCollection.Name)]
public sealed class SpaceNetworkTests(RuntimeFixture fixture)
{
    [Fact]
    public void Egress_is_off_unless_allowed_for_all_or_named_for_the_space()
    {
        Assert.False(new RuntimeOptions().AllowsEgress("ada/app"));
        Assert.True(new RuntimeOptions { AllowEgress = true }.AllowsEgress("ada/app"));
        Assert.True(new RuntimeOptions { EgressSpaces = ["Ada/App"] }.AllowsEgress("ada/app"));
        Assert.False(new RuntimeOptions { EgressSpaces = ["ada/other"] }.AllowsEgress("ada/app"));
    }

    [Fact]
    public async Task A_space_named_for_egress_gets_masquerade_and_loses_it_when_no_longer_named()
    {
        var space = new Repo
        {
            Id = Random.Shared.NextInt64(10_000_000_000, 20_000_000_000),
            Name = "egress",
            NormalizedName = "egress",
            StorageKey = "unused",
            Owner = new Account { Name = "ada", NormalizedName = "ada" },
        };
        var allowed = Resources(new RuntimeOptions { EgressSpaces = ["ada/egress"] });
        var closed = Resources(new RuntimeOptions());
        var name = fixture.Resources.NetworkName(space.Id);
        try
        {
            await allowed.EnsureNetworkAsync(space, CancellationToken.None);
            Assert.Equal("true", (await fixture.Docker.Networks.InspectAsync(name)).Options![BridgeOptions.EnableIpMasquerade]);

            await closed.EnsureNetworkAsync(space, CancellationToken.None);
            var network = await fixture.Docker.Networks.InspectAsync(name);
            Assert.Equal(("false", "false"), (network.Options![BridgeOptions.EnableIpMasquerade], network.Options[BridgeOptions.EnableIcc]));
        }
        finally
        {
            await fixture.Docker.Networks.RemoveAsync(name);
        }
    }

    private SpaceEngineResources Resources(RuntimeOptions options) =>
        new(fixture.Docker, fixture.Resources, Options.Create(options), NullLogger<SpaceEngineResources>.Instance);
}
