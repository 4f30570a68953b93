using Microsoft.AspNetCore.Http;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

public sealed class SpaceHostTests
{
    [Theory]
    [InlineData("alice--demo.spaces.localhost", "alice", "demo")]
    [InlineData("alice--demo.spaces.localhost:5080", "alice", "demo")]
    [InlineData("Alice--Demo.SPACES.localhost:5080", "alice", "demo")]
    [InlineData("alice--demo.spaces.localhost.", "alice", "demo")]
    [InlineData("team-1--my-app-2.spaces.localhost", "team-1", "my-app-2")]
    // A name like "a_-b" normalises to "a--b": owners never hold "--", so the first one splits.
    [InlineData("bob--a--b.spaces.localhost", "bob", "a--b")]
    public void A_label_under_the_apps_domain_names_owner_and_normalised_name(string host, string owner, string name)
    {
        Assert.True(SpaceHost.TryParse(HostString.FromUriComponent(host), "spaces.localhost", out var space));

        Assert.Equal(owner, space.Owner);
        Assert.Equal(name, space.Name);
        Assert.Equal($"{owner}--{name}", space.Label);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("spaces.localhost")]
    [InlineData("alice.spaces.localhost")]
    [InlineData("--demo.spaces.localhost")]
    [InlineData("alice--.spaces.localhost")]
    [InlineData("x.alice--demo.spaces.localhost")]
    [InlineData("alice--demo.otherspaces.localhost")]
    [InlineData("alice--demo.spaces.localhost.evil.test")]
    [InlineData("alice--de_mo.spaces.localhost")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("")]
    public void Any_other_host_belongs_to_the_platform(string host)
    {
        Assert.False(SpaceHost.TryParse(HostString.FromUriComponent(host), "spaces.localhost", out _));
    }

    [Fact]
    public void The_apps_domain_is_configurable_and_read_without_case_or_trailing_dot()
    {
        Assert.True(SpaceHost.TryParse("carol--tool.apps.example.com", "Apps.Example.com.", out var space));
        Assert.Equal(("carol", "tool"), (space.Owner, space.Name));
        Assert.False(SpaceHost.TryParse("carol--tool.spaces.localhost", "apps.example.com", out _));
    }
}
