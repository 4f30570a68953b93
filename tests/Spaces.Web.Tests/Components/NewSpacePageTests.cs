using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using Spaces.Web.Components.Pages.NewSpace;

namespace Spaces.Web.Tests.Components;

/// <summary>The New Space form posted like a browser without JavaScript: its checks, and creation from a template or empty.</summary>
public sealed class NewSpacePageTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task New_space_needs_a_login_and_offers_the_templates_owners_and_hardware()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Spaces.Core.Accounts.AccountService>().CreateOrganizationAsync(ada, "lab", null);
        }

        using var anonymous = UiKit.NewBrowser(_factory);
        var redirect = await anonymous.GetAsync("/new-space");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/login", redirect.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));

        using var browser = await UiKit.LoggedInAsync(_factory, "ada");
        var html = await browser.GetStringAsync("/new-space?owner=lab");
        foreach (var template in new[] { "docker", "static", "blazor-onnx" })
        {
            Assert.Contains($"data-template=\"{template}\"", html);
        }

        Assert.Contains("<option value=\"lab\" selected", html);
        Assert.Contains("value=\"cpu-basic\"", html);
        Assert.Contains("value=\"t4-small\"", html);
    }

    [Fact]
    public async Task Creating_from_a_template_lands_on_the_space_page_with_the_chosen_settings()
    {
        await _factory.CreateUserAsync("ada");
        await _factory.CreateUserAsync("bob");
        using var bob = await UiKit.LoggedInAsync(_factory, "bob");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var bobAccount = (await scope.ServiceProvider.GetRequiredService<Spaces.Core.Accounts.AccountService>().FindAsync("bob"))!;
            await UiKit.CreateRepoAsync(_factory, bobAccount, RepoType.Model, "reader", "pipeline_tag: image-to-text");
        }

        var response = await UiKit.PostFormAsync(bob, "/new-space", "new-space", Form("bob", "my-demo", "static", "template", models: "bob/reader", visibility: "private", title: "My demo"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/spaces/bob/my-demo", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        var readme = await ReadmeAsync("bob", "my-demo");
        Assert.Contains("title: \"My demo\"", readme);
        Assert.Contains("- \"bob/reader\"", readme);
        Assert.Contains("license: \"mit\"", readme);
        Assert.True((await FindAsync("bob", "my-demo"))!.IsPrivate);
    }

    [Fact]
    public async Task Creating_empty_writes_a_readme_with_the_sdk_and_lands_on_the_files_tab()
    {
        await _factory.CreateUserAsync("ada");
        using var browser = await UiKit.LoggedInAsync(_factory, "ada");

        var response = await UiKit.PostFormAsync(browser, "/new-space", "new-space", Form("ada", "upload-me", "docker", "empty", sdk: "blazor", hardware: "cpu-upgrade"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/spaces/ada/upload-me/files", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        var readme = await ReadmeAsync("ada", "upload-me");
        Assert.Contains("sdk: blazor", readme);
        Assert.Contains("hardware: \"cpu-upgrade\"", readme);
        var repo = await FindAsync("ada", "upload-me");
        Assert.Equal("blazor", repo!.Sdk);
        Assert.False(repo.IsPrivate);
    }

    [Theory]
    [InlineData("bad--name", null, "not a valid repository name")]
    [InlineData("-dash", null, "not a valid repository name")]
    [InlineData("fine", "nobody/none", "There is no model &#x27;nobody/none&#x27;")]
    [InlineData("fine", "not-an-id", "is not a model id")]
    public async Task Bad_input_is_refused_with_a_message_and_nothing_is_created(string name, string? models, string message)
    {
        await _factory.CreateUserAsync("ada");
        using var browser = await UiKit.LoggedInAsync(_factory, "ada");

        var response = await UiKit.PostFormAsync(browser, "/new-space", "new-space", Form("ada", name, "static", "template", models: models));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Null(await FindAsync("ada", name));
    }

    [Fact]
    public async Task A_taken_name_or_someone_elses_owner_is_refused()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await _factory.CreateUserAsync("bob");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "taken", "sdk: docker");
        using var ada1 = await UiKit.LoggedInAsync(_factory, "ada");
        using var bob = await UiKit.LoggedInAsync(_factory, "bob");

        var taken = await UiKit.PostFormAsync(ada1, "/new-space", "new-space", Form("ada", "taken", "static", "template"));
        var foreign = await UiKit.PostFormAsync(bob, "/new-space", "new-space", Form("ada", "mine-now", "static", "template"));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("taken", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("Choose yourself or one of your organizations", await foreign.Content.ReadAsStringAsync());
        Assert.Null(await FindAsync("ada", "mine-now"));
    }

    [Theory]
    [InlineData("ok-name", null)]
    [InlineData("a", null)]
    [InlineData("under_score.v2", null)]
    [InlineData("", "Choose a name for the Space.")]
    [InlineData("x.git", "not a valid repository name")]
    [InlineData("a..b", "not a valid repository name")]
    [InlineData("ends-", "not a valid repository name")]
    public void Name_rules_are_the_servers(string name, string? problem)
    {
        var actual = NewSpaceRules.NameProblem(name);
        if (problem is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.Contains(problem, actual);
        }
    }

    private static Dictionary<string, string> Form(
        string owner, string name, string template, string mode, string? models = null, string visibility = "public", string? title = null,
        string sdk = "docker", string hardware = "cpu-basic") => new()
    {
        ["Input.Owner"] = owner,
        ["Input.Name"] = name,
        ["Input.Title"] = title ?? "",
        ["Input.Template"] = template,
        ["Input.Sdk"] = sdk,
        ["Input.Hardware"] = hardware,
        ["Input.License"] = "mit",
        ["Input.Visibility"] = visibility,
        ["Input.Models"] = models ?? "",
        ["Input.Mode"] = mode,
    };

    private async Task<Repo?> FindAsync(string owner, string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, owner, name);
    }

    private async Task<string> ReadmeAsync(string owner, string name)
    {
        var repo = await FindAsync(owner, name) ?? throw new InvalidOperationException($"{owner}/{name} was not created");
        var bytes = await _factory.Services.GetRequiredService<RepoStorage>().Open(repo).ReadFileAsync(repo.HeadCommit!, "README.md");
        return Encoding.UTF8.GetString(bytes!);
    }
}
