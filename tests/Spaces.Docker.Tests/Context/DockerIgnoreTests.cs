using Spaces.Docker.Context;

namespace Spaces.Docker.Tests.Context;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("*.log", "debug.log", true)]
    [InlineData("*.log", "logs/debug.log", false)]
    [InlineData("**/*.log", "logs/deep/debug.log", true)]
    [InlineData("**/*.log", "debug.log", true)]
    [InlineData("bin", "bin/Debug/app.dll", true)]
    [InlineData("bin/", "bin/Debug/app.dll", true)]
    [InlineData("/obj", "obj/project.assets.json", true)]
    [InlineData("./obj", "obj/x", true)]
    [InlineData("src/**/test", "src/test", true)]
    [InlineData("src/**/test", "src/a/b/test/file.cs", true)]
    [InlineData("src/**", "src/a/b", true)]
    [InlineData("src/**", "srcx", false)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file10.txt", false)]
    [InlineData("file?.txt", "file/.txt", false)]
    [InlineData("data.v1", "datax.v1", false)]
    [InlineData("a/*/c", "a/b/c", true)]
    [InlineData("a/*/c", "a/b/x/c", false)]
    [InlineData("[a-c].md", "b.md", true)]
    [InlineData("[a-c].md", "d.md", false)]
    [InlineData("a/../b", "b/file", true)]
    public void Patterns_match_as_the_docker_cli_does(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));
    }

    [Fact]
    public void Comments_and_blank_lines_are_ignored()
    {
        var ignore = DockerIgnore.Parse("# a comment\n\n   \n*.tmp\n#*.md\r\n");

        Assert.Equal(["*.tmp"], ignore.Patterns);
        Assert.False(ignore.IsExcluded("#readme.md"));
        Assert.True(ignore.IsExcluded("x.tmp"));
    }

    [Fact]
    public void The_last_matching_rule_wins_and_exceptions_re_include()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\nREADME*.md\n!README-keep.md");

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.True(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("README-keep.md"));
        Assert.False(ignore.IsExcluded("code.cs"));
    }

    [Fact]
    public void An_exception_brings_back_a_file_inside_an_excluded_directory()
    {
        var ignore = DockerIgnore.Parse("docs\n!docs/keep.txt");

        Assert.True(ignore.HasExceptions);
        Assert.True(ignore.IsExcluded("docs/drop.txt"));
        Assert.False(ignore.IsExcluded("docs/keep.txt"));
    }

    [Fact]
    public void Everything_but_exceptions()
    {
        var ignore = DockerIgnore.Parse("**\n!app/**\n!Dockerfile");

        Assert.True(ignore.IsExcluded("secrets.env"));
        Assert.False(ignore.IsExcluded("app/main.cs"));
        Assert.False(ignore.IsExcluded("Dockerfile"));
    }

    [Fact]
    public void Keeping_forces_the_dockerfile_and_dockerignore_back_in()
    {
        var ignore = DockerIgnore.Parse("*\n").Keeping("Dockerfile", ".dockerignore");

        Assert.False(ignore.IsExcluded("Dockerfile"));
        Assert.False(ignore.IsExcluded(".dockerignore"));
        Assert.True(ignore.IsExcluded("other"));
    }
}
