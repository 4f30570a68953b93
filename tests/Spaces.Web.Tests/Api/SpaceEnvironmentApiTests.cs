using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Persistence;
using Spaces.Core.SpaceSettings;

namespace Spaces.Web.Tests.Api;

public sealed class SpaceEnvironmentApiTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<HttpClient> OwnerWithSpaceAsync()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        var client = _factory.CreateClient(token);
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.PostAsJsonAsync("/api/repos/create", new { name = "app", type = "space", sdk = "docker" }));
        return client;
    }

    [Fact]
    public async Task Secrets_are_write_only_and_encrypted_at_rest_and_reach_the_runtime_resolution()
    {
        using var ada = await OwnerWithSpaceAsync();

        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/secrets", new { key = "HF_TOKEN", value = "very-secret-value", description = "for the model" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key = "THEME", value = "dark" }));

        var listed = await ada.GetStringAsync("/api/spaces/ada/app/secrets");
        Assert.Contains("HF_TOKEN", listed);
        Assert.Contains("for the model", listed);
        Assert.DoesNotContain("very-secret-value", listed);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var stored = await db.SpaceSecrets.SingleAsync();
        Assert.DoesNotContain("very-secret-value", stored.ProtectedValue);
        var runtime = await scope.ServiceProvider.GetRequiredService<SpaceEnvironmentService>().ResolveForRuntimeAsync(stored.RepoId);
        Assert.Equal(new Dictionary<string, string> { ["HF_TOKEN"] = "very-secret-value", ["THEME"] = "dark" }, runtime);
    }

    [Theory]
    [InlineData("1ABC", "not a valid name")]
    [InlineData("SPACE_ID", "set by the platform")]
    [InlineData("has-dash", "not a valid name")]
    public async Task Bad_keys_are_refused_with_the_reason(string key, string reason)
    {
        using var ada = await OwnerWithSpaceAsync();

        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key, value = "x" }), reason);

        var variables = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/app/variables"));
        Assert.Empty(variables.EnumerateObject());
    }

    [Fact]
    public async Task A_key_cannot_be_both_a_variable_and_a_secret_and_deleting_a_missing_key_is_404()
    {
        using var ada = await OwnerWithSpaceAsync();
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key = "MODE", value = "a" }));

        await ApiAssert.ErrorAsync(HttpStatusCode.Conflict, await ada.PostAsJsonAsync("/api/spaces/ada/app/secrets", new { key = "MODE", value = "b" }), "already a variable");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/spaces/ada/app/secrets") { Content = JsonContent.Create(new { key = "NOPE" }) };
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await ada.SendAsync(delete), "no secret 'NOPE'");
    }

    [Fact]
    public async Task Only_writers_see_or_change_variables()
    {
        using var ada = await OwnerWithSpaceAsync();
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();

        await ApiAssert.StatusAsync(HttpStatusCode.Forbidden, await bob.GetAsync("/api/spaces/ada/app/variables"));
        await ApiAssert.StatusAsync(HttpStatusCode.Forbidden, await bob.PostAsJsonAsync("/api/spaces/ada/app/secrets", new { key = "X", value = "y" }));
        await ApiAssert.StatusAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/api/spaces/ada/app/secrets"));
    }
}
