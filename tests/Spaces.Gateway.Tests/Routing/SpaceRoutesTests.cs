using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Core.Configuration;
using Spaces.Core.Repositories;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

/// <summary>A Host value read as a Space's host: the same answer from the bytes a connection sent and from the server's string.</summary>
public sealed class SpaceRoutesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly List<SpaceAppSettings> _settings = [];

    [Theory]
    [InlineData("owner--name.spaces.localhost", "owner", "name")]
    [InlineData("owner--name.spaces.localhost:5080", "owner", "name")]
    [InlineData("Owner--My-App.SPACES.localhost:5080", "owner", "my-app")]
    [InlineData("OWNER--NAME.SPACES.LOCALHOST", "owner", "name")]
    [InlineData("owner--name.spaces.localhost.", "owner", "name")]
    [InlineData("owner--name.spaces.localhost.:80", "owner", "name")]
    [InlineData("ana--a--b.spaces.localhost", "ana", "a--b")]
    [InlineData("o1--n2.spaces.localhost:1", "o1", "n2")]
    [InlineData("spaces.localhost", null, null)]
    [InlineData("spaces.localhost:5080", null, null)]
    [InlineData("localhost:5080", null, null)]
    [InlineData("127.0.0.1:5080", null, null)]
    [InlineData("[::1]:5080", null, null)]
    [InlineData("owner--name.example.com", null, null)]
    [InlineData("a.owner--name.spaces.localhost", null, null)]
    [InlineData("ownername.spaces.localhost", null, null)]
    [InlineData("--name.spaces.localhost", null, null)]
    [InlineData("owner--.spaces.localhost", null, null)]
    [InlineData("owner_x--name.spaces.localhost", null, null)]
    [InlineData("owner--name.xspaces.localhost", null, null)]
    [InlineData("caf\u00e9--name.spaces.localhost", null, null)]
    [InlineData("owner--n\u00e4me.spaces.localhost:5080", null, null)]
    [InlineData("owner--\u540d\u524d.spaces.localhost", null, null)]
    [InlineData("", null, null)]
    public void Bytes_and_string_give_the_same_answer_whichever_is_asked_first(string raw, string? owner, string? name)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        var expected = owner is null ? (SpaceHost?)null : new SpaceHost(owner, name!);

        var stringFirst = Routes();
        var fromString = Answer(stringFirst.TryParseHost(raw, out var host), host);
        var thenBytes = Answer(stringFirst.TryParseHost(bytes, out host), host);

        var bytesFirst = Routes();
        var fromBytes = Answer(bytesFirst.TryParseHost(bytes, out host), host);
        var thenString = Answer(bytesFirst.TryParseHost(raw, out host), host);
        var bytesAgain = Answer(bytesFirst.TryParseHost(bytes, out host), host);

        Assert.Equal(expected, fromString);
        Assert.Equal(expected, thenBytes);
        Assert.Equal(expected, fromBytes);
        Assert.Equal(expected, thenString);
        Assert.Equal(expected, bytesAgain);
        Assert.Equal(expected?.Label, fromBytes?.Label);
    }

    [Fact]
    public void Hosts_differing_only_in_case_are_each_read_for_themselves()
    {
        var routes = Routes();

        Assert.True(routes.TryParseHost("Owner--Name.spaces.localhost"u8, out var upper));
        Assert.True(routes.TryParseHost("owner--name.spaces.localhost"u8, out var lower));
        Assert.False(routes.TryParseHost("spaces.localhost"u8, out _));
        Assert.True(routes.TryParseHost("OWNER--NAME.spaces.localhost", out var fromString));

        Assert.Equal(new SpaceHost("owner", "name"), upper);
        Assert.Equal(upper, lower);
        Assert.Equal(upper, fromString);
    }

    [Fact]
    public void A_host_of_other_apps_domain_is_read_by_that_domain()
    {
        var routes = Routes("apps.example.com");

        Assert.True(routes.TryParseHost("owner--name.apps.example.com:443"u8, out var host));
        Assert.Equal(new SpaceHost("owner", "name"), host);
        Assert.False(routes.TryParseHost("owner--name.spaces.localhost"u8, out _));
        Assert.False(routes.TryParseHost("owner--name.spaces.localhost", out _));
    }

    [Fact]
    public void A_very_long_host_of_bytes_is_not_a_space()
    {
        var routes = Routes();
        var label = "owner--" + new string('n', 600);

        Assert.False(routes.TryParseHost(Encoding.ASCII.GetBytes($"{label}.spaces.localhost"), out _));
        Assert.True(routes.TryParseHost("owner--name.spaces.localhost"u8, out _));
    }

    public void Dispose()
    {
        foreach (var settings in _settings)
        {
            settings.Dispose();
        }

        _services.Dispose();
    }

    private static SpaceHost? Answer(bool found, SpaceHost host) => found ? host : null;

    /// <summary>Routes built from the gateway's own parts; parsing a host asks none of them anything.</summary>
    private SpaceRoutes Routes(string appsDomain = "spaces.localhost")
    {
        var spaces = Options.Create(new SpacesOptions { AppsDomain = appsDomain, DataDir = Path.GetTempPath() });
        var gateway = Options.Create(new GatewayOptions());
        var settings = new SpaceAppSettings(new RepoStorage(spaces));
        _settings.Add(settings);
        var directory = new SpaceDirectory(_services.GetRequiredService<IServiceScopeFactory>(), gateway, TimeProvider.System);
        return new SpaceRoutes(directory, new FakeSpaceControl(), settings, spaces, gateway);
    }
}
