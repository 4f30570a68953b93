using Spaces.Core.Config;

namespace Spaces.Core.Tests.Config;

public sealed class SpaceConfigDefaultsTests
{
    [Fact]
    public void Only_sdk_gives_every_default()
    {
        var result = SpaceConfig.Parse(Readme.Docker(), Readme.RepoName);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var config = result.Config;
        Assert.Equal("ocr-demo", config.Title);
        Assert.Null(config.Emoji);
        Assert.Null(config.ColorFrom);
        Assert.Null(config.ColorTo);
        Assert.Equal(SpaceSdk.Docker, config.Sdk);
        Assert.Equal(7860, config.AppPort);
        Assert.Null(config.AppFile);
        Assert.Null(config.BasePath);
        Assert.Null(config.ShortDescription);
        Assert.Empty(config.Models);
        Assert.Empty(config.Tags);
        Assert.False(config.Pinned);
        Assert.Null(config.License);
        Assert.Null(config.Hardware);
        Assert.Null(config.SuggestedHardware);
        Assert.Null(config.SleepTimeSeconds);
        Assert.Equal(TimeSpan.FromMinutes(30), config.StartupDurationTimeout);
        Assert.True(config.CustomHeaders.IsEmpty);
        Assert.Empty(config.CustomHeaders.ToHeaders());
        Assert.False(config.DisableEmbedding);
        Assert.True(config.FullWidth);
        Assert.Empty(config.Extra);
        Assert.Empty(result.Errors);
        Assert.Equal("", result.ErrorMessage);
        Assert.Null(result.Stage);
    }

    [Theory]
    [InlineData("alice/ocr-demo", "ocr-demo")]
    [InlineData("ocr-demo", "ocr-demo")]
    [InlineData("org/sub.name_1", "sub.name_1")]
    public void Title_defaults_to_the_repo_name(string repoName, string title)
    {
        var result = SpaceConfig.Parse(Readme.Docker(), repoName);

        Assert.Equal(title, result.Config?.Title);
    }

    [Theory]
    [InlineData("title:")]
    [InlineData("title: ~")]
    [InlineData("title: null")]
    [InlineData("title: \"\"")]
    [InlineData("title: '   '")]
    public void Null_or_blank_values_take_the_default(string line)
    {
        var result = SpaceConfig.Parse(Readme.Docker(line, "app_port:", "startup_duration_timeout:", "tags:", "pinned: ~"), Readme.RepoName);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal("ocr-demo", result.Config.Title);
        Assert.Equal(7860, result.Config.AppPort);
        Assert.Equal(TimeSpan.FromMinutes(30), result.Config.StartupDurationTimeout);
        Assert.Empty(result.Config.Tags);
        Assert.False(result.Config.Pinned);
    }

    [Fact]
    public void Body_is_exposed_for_rendering()
    {
        var result = SpaceConfig.Parse("---\nsdk: static\n---\n# OCR demo\n\nReads text from images.\n", Readme.RepoName);

        Assert.Equal("# OCR demo\n\nReads text from images.\n", result.Body);
    }

    [Fact]
    public void Card_data_holds_every_key_with_typed_values()
    {
        var result = SpaceConfig.Parse(Readme.Docker("title: Demo", "app_port: 8080", "pinned: true", "tags: [ocr, onnx]", "ratio: 0.5", "note: ~"), Readme.RepoName);

        Assert.Equal("docker", result.CardData["sdk"]);
        Assert.Equal("Demo", result.CardData["title"]);
        Assert.Equal(8080L, result.CardData["app_port"]);
        Assert.Equal(true, result.CardData["pinned"]);
        Assert.Equal(["ocr", "onnx"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(result.CardData["tags"]));
        Assert.Equal(0.5, result.CardData["ratio"]);
        Assert.True(result.CardData.ContainsKey("note"));
        Assert.Null(result.CardData["note"]);
    }

    [Fact]
    public void Card_data_is_kept_when_a_key_is_wrong()
    {
        var result = SpaceConfig.Parse(Readme.Docker("app_port: abc", "title: Demo"), Readme.RepoName);

        Assert.False(result.IsSuccess);
        Assert.Equal("abc", result.CardData["app_port"]);
        Assert.Equal("Demo", result.CardData["title"]);
    }
}
