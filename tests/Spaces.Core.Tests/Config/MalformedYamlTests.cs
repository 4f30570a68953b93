using Spaces.Core.Config;
using Spaces.Core.Spaces;

namespace Spaces.Core.Tests.Config;

public sealed class MalformedYamlTests
{
    private static ConfigError SingleDocumentError(string readme)
    {
        var result = SpaceConfig.Parse(readme, Readme.RepoName);
        Assert.Equal(SpaceStage.ConfigError, result.Stage);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal("README.md", error.Key);
        return error;
    }

    [Fact]
    public void Bad_indentation_names_line_and_column()
    {
        var error = SingleDocumentError("---\nsdk: docker\ntitle: Demo\n  app_port: 8080\n---\n");

        Assert.Equal(4, error.Line);
        Assert.Equal(11, error.Column);
        Assert.StartsWith("README.md: malformed YAML at line 4, column 11: ", error.Message);
        Assert.Equal(error.Message, error.ToString());
    }

    [Fact]
    public void Unterminated_quote_names_its_position()
    {
        var error = SingleDocumentError("---\nsdk: docker\ntitle: \"Demo\n---\n");

        Assert.Equal(3, error.Line);
        Assert.StartsWith("README.md: malformed YAML at line 3, column ", error.Message);
        Assert.Contains("quoted scalar", error.Message);
    }

    [Fact]
    public void Unclosed_flow_mapping_names_its_position()
    {
        var error = SingleDocumentError("---\nsdk: docker\ncustom_headers: {cross-origin-opener-policy: same-origin\n---\n");

        Assert.NotNull(error.Line);
        Assert.StartsWith("README.md: malformed YAML at line ", error.Message);
    }

    [Fact]
    public void Unclosed_flow_sequence_across_lines_is_reported_not_thrown()
    {
        // YamlDotNet throws an exception without a position here; the last position read is reported instead.
        var error = SingleDocumentError("---\nsdk: docker\ntags: [a\nb: 2\n---\n");

        Assert.StartsWith("README.md: malformed YAML at line 3, column ", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Duplicate_key_names_the_key_and_its_line()
    {
        var error = SingleDocumentError("---\nsdk: docker\napp_port: 1\napp_port: 2\n---\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("Duplicate key app_port", error.Message);
    }

    [Fact]
    public void Undefined_alias_is_a_config_error()
    {
        var error = SingleDocumentError("---\nsdk: docker\ntags: *nowhere\n---\n");

        Assert.Equal("README.md: the alias *nowhere refers to no anchor &nowhere defined before it", error.Message);
        Assert.Equal("README.md: the alias *nowhere refers to no anchor &nowhere defined before it (line 3, column 7)", error.ToString());
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Tabs_for_indentation_are_a_config_error()
    {
        var error = SingleDocumentError("---\nsdk: docker\ntags:\n\t- a\n---\n");

        // YamlDotNet gives no position for this one; the end of the last value read ('tags', line 3) is reported.
        Assert.Equal(3, error.Line);
        Assert.Contains("tab", error.Message);
    }

    [Theory]
    [InlineData("- sdk: docker\n- title: Demo", "a list")]
    [InlineData("just text", "'just text'")]
    [InlineData("'quoted'", "the string \"quoted\"")]
    public void Root_must_be_a_mapping(string yaml, string got)
    {
        var error = SingleDocumentError($"---\n{yaml}\n---\n");

        Assert.Equal($"README.md: the front matter must be a mapping of keys to values, got {got}", error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Lists_as_keys_are_refused()
    {
        var error = SingleDocumentError("---\nsdk: docker\n? [a, b]\n: value\n---\n");

        Assert.Equal("README.md: only plain keys are supported, not lists, mappings or aliases as keys (line 3, column 3)", error.ToString());
    }

    [Fact]
    public void Alias_inside_its_own_anchor_is_refused()
    {
        var error = SingleDocumentError("---\nsdk: docker\nloop: &a [1, *a]\n---\n");

        Assert.Equal("README.md: the alias *a refers to a list or mapping that contains it (line 3, column 14)", error.ToString());
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var error = SingleDocumentError($"---\nsdk: docker\ndeep: {new string('[', 100_000)}\n---\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("README.md: lists and mappings are nested more than 32 levels deep", error.Message);
    }

    [Fact]
    public void Nesting_within_the_limit_is_kept()
    {
        var depth = 31;
        var readme = $"---\nsdk: docker\ndeep: {new string('[', depth)}1{new string(']', depth)}\n---\n";

        var result = SpaceConfig.Parse(readme, Readme.RepoName);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.True(result.Config.Extra.ContainsKey("deep"));
    }

    [Fact]
    public void Exponential_aliases_are_refused()
    {
        var lines = new List<string> { "sdk: docker", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var level = 1; level < 10; level++)
        {
            lines.Add($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]");
        }

        var error = SingleDocumentError(Readme.With([.. lines]));

        Assert.Equal(
            "README.md: the front matter holds more than 10000 values or nests deeper than 64 levels once aliases are expanded",
            error.Message);
    }

    [Theory]
    [InlineData("---\n: : :\n---\n")]
    [InlineData("---\n{{{\n---\n")]
    [InlineData("---\n]]]\n---\n")]
    [InlineData("---\n&&&\n---\n")]
    [InlineData("---\n!<tag:x> {a: 1\n---\n")]
    [InlineData("---\n%YAML 1.2\n---\n")]
    [InlineData("---\n\"\\q\"\n---\n")]
    [InlineData("---\n? \n---\n")]
    [InlineData("---\nsdk: docker\n...\nmore: 1\n---\n")]
    public void Garbage_never_throws_and_never_succeeds(string readme)
    {
        var result = SpaceConfig.Parse(readme, Readme.RepoName);

        Assert.False(result.IsSuccess);
        Assert.NotEmpty(result.Errors);
        Assert.NotNull(result.Stage);
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(1234);
        const string alphabet = "ab:- \n\t[]{}&*!|>'\"#%@`,?~\\0\r\uFEFF";
        for (var run = 0; run < 2_000; run++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 80)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            var readme = $"---\n{new string(chars)}\n---\n";

            var space = SpaceConfig.Parse(readme, Readme.RepoName);
            var model = ModelCard.Parse(readme);

            Assert.True(space.IsSuccess || space.Errors.Count > 0);
            Assert.True(model.IsSuccess || model.Errors.Count > 0);
        }
    }
}
