using System.Net;
using System.Net.Http.Headers;
using Spaces.Web.Admin;
using Spaces.Web.Tests.Api;

namespace Spaces.Web.Tests.Admin;

public sealed class AdminCommandTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Create_token_makes_the_user_and_prints_only_a_working_token()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AdminCommand.RunAsync(_factory.Services, ["create-token", "--user", "operator", "--role", "read", "--admin"], output, error);

        Assert.Equal(0, exit);
        var token = output.ToString().Trim();
        Assert.StartsWith("spc_", token);
        Assert.DoesNotContain('\n', token);
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var whoami = await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.GetAsync("/api/whoami-v2"));
        Assert.Equal(("operator", true, "read"), (whoami.GetProperty("name").GetString(), whoami.GetProperty("isAdmin").GetBoolean(),
            whoami.GetProperty("auth").GetProperty("accessToken").GetProperty("role").GetString()));
    }

    [Theory]
    [InlineData("create-token")]
    [InlineData("create-token --user x --role owner")]
    [InlineData("create-token --user")]
    [InlineData("delete-everything")]
    public async Task Wrong_usage_prints_the_usage_and_exits_2(string commandLine)
    {
        var args = commandLine.Split(' ');
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AdminCommand.RunAsync(_factory.Services, args, output, error);

        Assert.Equal(2, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("usage: scripts/admin create-token", error.ToString());
    }

    [Fact]
    public async Task An_invalid_user_name_is_refused_with_a_message()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await AdminCommand.RunAsync(_factory.Services, ["create-token", "--user", "no spaces allowed"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("not a valid account name", error.ToString());
    }
}
