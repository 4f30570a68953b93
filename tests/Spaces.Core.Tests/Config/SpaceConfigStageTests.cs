using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Core.Tests.Config;

public sealed class SpaceConfigStageTests
{
    [Fact]
    public void No_readme_is_no_app_file()
    {
        var result = SpaceConfig.Parse(null, Readme.RepoName);

        Assert.False(result.IsSuccess);
        Assert.Equal(SpaceStage.NoAppFile, result.Stage);
        Assert.Null(result.Config);
        Assert.Equal("README.md: the Space has no README.md; add one whose YAML front matter sets sdk", Assert.Single(result.Errors).Message);
        Assert.Equal("", result.Body);
        Assert.Empty(result.CardData);
    }

    [Fact]
    public void Readme_without_front_matter_is_no_app_file_and_keeps_its_body()
    {
        var result = SpaceConfig.Parse("# My Space\n\nNo config here.\n", Readme.RepoName);

        Assert.Equal(SpaceStage.NoAppFile, result.Stage);
        Assert.Equal(
            "README.md: no YAML front matter: start README.md with a block between '---' lines that sets sdk (docker, blazor, static)",
            Assert.Single(result.Errors).Message);
        Assert.Equal("# My Space\n\nNo config here.\n", result.Body);
    }

    [Theory]
    [InlineData("---\n---\n")]
    [InlineData("---\n# only a comment\n---\n")]
    [InlineData("---\n~\n---\n")]
    [InlineData("---\ntitle: Demo\nemoji: 🚀\n---\n")]
    [InlineData("---\nsdk:\n---\n")]
    [InlineData("---\nsdk: ''\n---\n")]
    public void Front_matter_without_sdk_is_no_app_file(string readme)
    {
        var result = SpaceConfig.Parse(readme, Readme.RepoName);

        Assert.Equal(SpaceStage.NoAppFile, result.Stage);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal("sdk", error.Key);
        Assert.Equal("sdk: missing; set it to one of docker, blazor, static", error.Message);
    }

    [Fact]
    public void Unclosed_front_matter_is_a_config_error_on_line_one()
    {
        var result = SpaceConfig.Parse("---\nsdk: docker\n\n# Title\n", Readme.RepoName);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        var error = Assert.Single(result.Errors);
        Assert.Equal("README.md: the front matter opened by '---' on line 1 is never closed by a '---' line", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Docker_space_needs_a_dockerfile()
    {
        var result = SpaceConfig.Parse(Readme.Docker("title: Demo"), Readme.RepoName, repoFiles: ["README.md", "app/Dockerfile"]);

        Assert.False(result.IsSuccess);
        Assert.Equal(SpaceStage.NoAppFile, result.Stage);
        Assert.Equal("sdk: docker needs a Dockerfile at the root of the repository", Assert.Single(result.Errors).Message);
        Assert.Equal("Demo", result.Config?.Title);
    }

    [Fact]
    public void Docker_space_with_dockerfile_succeeds()
    {
        var result = SpaceConfig.Parse(Readme.Docker(), Readme.RepoName, repoFiles: ["README.md", "Dockerfile", "app.py"]);

        Assert.True(result.IsSuccess, result.ErrorMessage);
    }

    [Fact]
    public void Blazor_space_needs_a_csproj()
    {
        var readme = Readme.With("sdk: blazor");

        Assert.Equal(SpaceStage.NoAppFile, SpaceConfig.Parse(readme, Readme.RepoName, repoFiles: ["README.md", "Program.cs"]).Stage);
        Assert.Equal(
            "sdk: blazor needs a .csproj file in the repository",
            Assert.Single(SpaceConfig.Parse(readme, Readme.RepoName, repoFiles: ["README.md"]).Errors).Message);
        Assert.True(SpaceConfig.Parse(readme, Readme.RepoName, repoFiles: ["README.md", "src/Demo/Demo.csproj"]).IsSuccess);
    }

    [Fact]
    public void Blazor_space_app_file_must_exist()
    {
        var readme = Readme.With("sdk: blazor", "app_file: src/Web/Web.csproj");

        var missing = SpaceConfig.Parse(readme, Readme.RepoName, repoFiles: ["README.md", "src/Other/Other.csproj"]);
        var present = SpaceConfig.Parse(readme, Readme.RepoName, repoFiles: ["README.md", "src/Web/Web.csproj"]);

        Assert.Equal(SpaceStage.NoAppFile, missing.Stage);
        Assert.Equal("app_file: 'src/Web/Web.csproj' is not in the repository", Assert.Single(missing.Errors).Message);
        Assert.True(present.IsSuccess, present.ErrorMessage);
    }

    [Fact]
    public void Static_space_needs_index_html_or_its_app_file()
    {
        var plain = Readme.With("sdk: static");
        var withAppFile = Readme.With("sdk: static", "app_file: site/main.html");

        Assert.Equal(
            "sdk: static needs an index.html at the root of the repository, or app_file naming the entry page",
            Assert.Single(SpaceConfig.Parse(plain, Readme.RepoName, repoFiles: ["README.md", "site/index.html"]).Errors).Message);
        Assert.True(SpaceConfig.Parse(plain, Readme.RepoName, repoFiles: ["README.md", "index.html"]).IsSuccess);
        Assert.Equal(
            "app_file: 'site/main.html' is not in the repository",
            Assert.Single(SpaceConfig.Parse(withAppFile, Readme.RepoName, repoFiles: ["index.html"]).Errors).Message);
        Assert.True(SpaceConfig.Parse(withAppFile, Readme.RepoName, repoFiles: ["site/main.html"]).IsSuccess);
    }

    [Fact]
    public void Repo_files_may_be_given_with_a_leading_slash()
    {
        Assert.True(SpaceConfig.Parse(Readme.Docker(), Readme.RepoName, repoFiles: ["/Dockerfile"]).IsSuccess);
    }

    [Fact]
    public void Without_repo_files_the_app_is_not_checked()
    {
        var result = SpaceConfig.Parse(Readme.With("sdk: static"), Readme.RepoName);

        Assert.True(result.IsSuccess, result.ErrorMessage);
    }
}
