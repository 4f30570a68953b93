using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Ui;

/// <summary>Repositories for the UI's browser tests, made through the Hub API: Spaces without an app (nothing to build) and models.</summary>
internal static class UiKit
{
    /// <summary>A Space whose README has <paramref name="frontMatter"/> and no app file: it lists and searches without starting a build.</summary>
    public static Task CreateListedSpaceAsync(PlatformFixture platform, string token, string owner, string name, string frontMatter) =>
        platform.CreateSpaceAsync(token, owner, name, "docker", isPrivate: false,
            [("README.md", PlatformFixture.Utf8($"---\nsdk: docker\n{frontMatter}\n---\n# {name}\n"))]);

    /// <summary>A model repository with a README card and a small file.</summary>
    public static async Task CreateModelAsync(PlatformFixture platform, string token, string owner, string name, string readme)
    {
        using var api = platform.Api(token);
        await Ensure(await api.PostAsJsonAsync("/api/repos/create", new { name, organization = owner, type = "model" }));
        var lines = new List<string>
        {
            JsonSerializer.Serialize(new { key = "header", value = new { summary = "Model card", description = "" } }),
            JsonSerializer.Serialize(new { key = "file", value = new { path = "README.md", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(readme)), encoding = "base64" } }),
            JsonSerializer.Serialize(new { key = "file", value = new { path = "labels.txt", content = Convert.ToBase64String("cat\ndog\n"u8.ToArray()), encoding = "base64" } }),
        };
        using var body = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        await Ensure(await api.PostAsync($"/api/models/{owner}/{name}/commit/main", body));
    }

    private static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
