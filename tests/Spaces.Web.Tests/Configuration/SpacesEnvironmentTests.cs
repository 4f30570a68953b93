using Spaces.Core.Configuration;

namespace Spaces.Web.Tests.Configuration;

public sealed class SpacesEnvironmentTests
{
    [Fact]
    public void Maps_the_operations_variables_to_configuration_keys_and_skips_unset_ones()
    {
        var environment = new Dictionary<string, string?>
        {
            ["SPACES_URLS"] = "http://127.0.0.1:6000",
            ["SPACES_DATA_DIR"] = "/srv/spaces",
            ["SPACES_DB"] = "",
            ["DOCKER_HOST"] = "tcp://127.0.0.1:2375",
        };

        var settings = SpacesEnvironment.Read(name => environment.GetValueOrDefault(name)).ToDictionary();

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:6000",
                ["Spaces:DataDir"] = "/srv/spaces",
                ["Spaces:Docker:Host"] = "tcp://127.0.0.1:2375",
            },
            settings);
    }

    [Fact]
    public void A_bad_apps_domain_stops_the_host_with_a_message_naming_the_setting()
    {
        using var factory = new SpacesWebFactory().With("Spaces:AppsDomain", "not a domain!");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("SPACES_APPS_DOMAIN", error.ToString());
    }
}
