using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Config;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Templates;

namespace Spaces.Core.Tests.Templates;

public sealed class SpaceTemplateCatalogTests(TemplateHost host) : IClassFixture<TemplateHost>
{
    private async Task<T> WithCatalogAsync<T>(Func<SpaceTemplateCatalog, RepoService, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SpaceTemplateCatalog>(), scope.ServiceProvider.GetRequiredService<RepoService>());
    }

    [Fact]
    public async Task Lists_the_three_templates_from_their_front_matter()
    {
        var templates = await WithCatalogAsync((catalog, _) => Task.FromResult(catalog.List()));

        Assert.Equal(["blazor-onnx", "docker", "static"], templates.Select(t => t.Id));
        Assert.Equal(["blazor", "docker", "static"], templates.Select(t => t.Sdk));
        Assert.All(templates, t =>
        {
            Assert.NotEmpty(t.Title);
            Assert.NotEmpty(t.Emoji);
            Assert.NotEmpty(t.ShortDescription);
            Assert.True(t.ShortDescription.Length <= SpaceConfig.ShortDescriptionMaxLength, t.ShortDescription);
        });
        Assert.Equal("purple", templates[0].ColorFrom);
    }

    [Theory]
    [InlineData("blazor-onnx")]
    [InlineData("docker")]
    [InlineData("static")]
    public void Each_template_readme_is_accepted_as_is(string id)
    {
        var folder = Path.Combine(TemplateHost.TemplatesDirectory, id);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).ToList();

        var parsed = SpaceConfig.Parse(File.ReadAllText(Path.Combine(folder, "README.md")), id, files);

        Assert.True(parsed.IsSuccess, parsed.ErrorMessage);
    }

    [Fact]
    public async Task Find_refuses_paths()
    {
        Assert.Null(await WithCatalogAsync((catalog, _) => Task.FromResult(catalog.Find("../templates"))));
        Assert.NotNull(await WithCatalogAsync((catalog, _) => Task.FromResult(catalog.Find("static"))));
    }

    [Fact]
    public async Task Creates_a_space_with_the_template_files_in_one_commit_and_the_front_matter_adjusted()
    {
        var repo = await WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User),
            new NewSpaceFromTemplate(host.User.Name, "my-model-app", "blazor-onnx", Private: true, "cpu-upgrade", "apache-2.0", ["examples/paddleocr-rec"], "My app")));

        Assert.True(repo.IsPrivate);
        Assert.Equal("blazor", repo.Sdk);
        Assert.Equal("cpu-upgrade", repo.RequestedHardware);
        var git = host.Services.GetRequiredService<RepoStorage>().Open(repo);
        var log = await git.LogAsync("main");
        Assert.Single(log);
        var files = (await git.ListTreeAsync("main", recursive: true)).Select(e => e.Path).ToHashSet();
        Assert.Contains("BlazorOnnx.csproj", files);
        Assert.Contains("Hubs/ModelHub.cs", files);
        Assert.Contains("wwwroot/app.js", files);
        Assert.DoesNotContain(files, f => f.StartsWith("bin/", StringComparison.Ordinal) || f.StartsWith("obj/", StringComparison.Ordinal));
        var config = SpaceConfig.Parse(Encoding.UTF8.GetString((await git.ReadFileAsync("main", "README.md"))!), repo.Name).Config!;
        Assert.Equal("My app", config.Title);
        Assert.Equal(["examples/paddleocr-rec"], config.Models);
        Assert.Equal("apache-2.0", config.License);
        Assert.Equal("cpu-upgrade", config.Hardware);
        Assert.Equal(SpaceSdk.Blazor, config.Sdk);
    }

    [Fact]
    public async Task Without_options_the_title_is_the_name_and_the_template_keeps_its_models()
    {
        var repo = await WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User),
            new NewSpaceFromTemplate(host.User.Name, "plain-onnx", "blazor-onnx", false, null, null, [], null)));

        var git = host.Services.GetRequiredService<RepoStorage>().Open(repo);
        var config = SpaceConfig.Parse(Encoding.UTF8.GetString((await git.ReadFileAsync("main", "README.md"))!), repo.Name).Config!;
        Assert.Equal("plain-onnx", config.Title);
        Assert.Equal(["examples/paddleocr-cls"], config.Models);
        Assert.Null(repo.RequestedHardware);
    }

    [Fact]
    public async Task Unknown_template_is_a_400_naming_the_choices_and_creates_nothing()
    {
        var error = await Assert.ThrowsAsync<ProblemException>(() => WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User),
            new NewSpaceFromTemplate(host.User.Name, "nothing-here", "gradio", false, null, null, [], null))));

        Assert.Equal(ProblemKind.Invalid, error.Kind);
        Assert.Equal("template", error.Field);
        Assert.Contains("blazor-onnx, docker, static", error.Message, StringComparison.Ordinal);
        Assert.Null(await WithCatalogAsync((_, repos) => repos.FindAsync(RepoType.Space, host.User.Name, "nothing-here")));
    }

    [Fact]
    public async Task Taken_name_is_the_same_409_as_repo_creation()
    {
        var request = new NewSpaceFromTemplate(host.User.Name, "taken", "static", false, null, null, [], null);
        await WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User), request));

        var error = await Assert.ThrowsAsync<ProblemException>(() => WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User), request)));

        Assert.Equal(ProblemKind.Conflict, error.Kind);
        Assert.Equal($"{host.User.Name}/taken already exists as a space.", error.Message);
    }

    [Theory]
    [InlineData("bad name!", null, null, "name")]
    [InlineData("bad-model", "not a repo id", null, "models")]
    [InlineData("bad-hardware", null, "GPU!", "hardware")]
    public async Task Bad_values_are_400s_naming_the_field_and_create_nothing(string name, string? model, string? hardware, string field)
    {
        var error = await Assert.ThrowsAsync<ProblemException>(() => WithCatalogAsync((catalog, _) => catalog.CreateSpaceAsync(Actor.Session(host.User),
            new NewSpaceFromTemplate(host.User.Name, name, "docker", false, hardware, null, model is null ? [] : [model], null))));

        Assert.Equal(ProblemKind.Invalid, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Null(await WithCatalogAsync((_, repos) => repos.FindAsync(RepoType.Space, host.User.Name, name)));
    }
}
