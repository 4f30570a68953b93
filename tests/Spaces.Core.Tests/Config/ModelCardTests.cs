using Spaces.Core.Config;

namespace Spaces.Core.Tests.Config;

public sealed class ModelCardTests
{
    private static ModelCard Parse(params string[] lines)
    {
        var result = ModelCard.Parse(Readme.With(lines));
        Assert.True(result.IsSuccess, result.ErrorMessage);
        return result.Card;
    }

    private static ConfigError SingleError(params string[] lines)
    {
        var result = ModelCard.Parse(Readme.With(lines));
        Assert.False(result.IsSuccess);
        Assert.Null(result.Card);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Every_key()
    {
        var card = Parse(
            "pipeline_tag: image-to-text",
            "library_name: onnx",
            "license: apache-2.0",
            "tags: [ocr, paddleocr]",
            "base_model: PaddlePaddle/PP-OCRv4_mobile_rec",
            "language: [zh, en]");

        Assert.Equal("image-to-text", card.PipelineTag);
        Assert.Equal("onnx", card.LibraryName);
        Assert.Equal("apache-2.0", card.License);
        Assert.Equal(["ocr", "paddleocr"], card.Tags);
        Assert.Equal(["PaddlePaddle/PP-OCRv4_mobile_rec"], card.BaseModels);
        Assert.Null(card.Inference);
        Assert.Equal(["language"], card.Extra.Keys);
    }

    [Fact]
    public void Base_model_as_a_list()
    {
        Assert.Equal(["a/one", "b/two"], Parse("base_model:", "  - a/one", "  - b/two").BaseModels);
    }

    [Fact]
    public void No_readme_gives_the_empty_card()
    {
        var result = ModelCard.Parse(null);

        Assert.True(result.IsSuccess);
        Assert.Same(ModelCard.Empty, result.Card);
        Assert.Empty(result.Errors);
        Assert.Equal("", result.Body);
    }

    [Fact]
    public void Readme_without_front_matter_gives_the_empty_card_and_its_body()
    {
        var result = ModelCard.Parse("# A model\n\nNo metadata.\n");

        Assert.True(result.IsSuccess);
        Assert.Same(ModelCard.Empty, result.Card);
        Assert.Equal("# A model\n\nNo metadata.\n", result.Body);
        Assert.Empty(result.CardData);
    }

    [Fact]
    public void Empty_card_defaults()
    {
        var card = ModelCard.Empty;

        Assert.Null(card.PipelineTag);
        Assert.Null(card.LibraryName);
        Assert.Null(card.License);
        Assert.Empty(card.Tags);
        Assert.Empty(card.BaseModels);
        Assert.Null(card.Inference);
        Assert.Empty(card.Extra);
    }

    [Fact]
    public void Body_and_card_data_with_bom_and_crlf()
    {
        var result = ModelCard.Parse("\uFEFF---\r\nlicense: mit\r\nlikes_pizza: true\r\n---\r\n# Card\r\n");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal("mit", result.Card.License);
        Assert.Equal(true, result.Card.Extra["likes_pizza"]);
        Assert.Equal("# Card\n", result.Body);
        Assert.Equal("mit", result.CardData["license"]);
    }

    [Theory]
    [InlineData("pipeline_tag: Image Classification", "pipeline_tag: expected a task name such as image-classification, got 'Image Classification'")]
    [InlineData("pipeline_tag: [a]", "pipeline_tag: expected a string, got a list")]
    [InlineData("library_name: {a: 1}", "library_name: expected a string, got a mapping")]
    [InlineData("license: [mit]", "license: expected a string, got a list")]
    [InlineData("tags: onnx", "tags: expected a list of strings, got 'onnx'")]
    [InlineData("base_model: bert-base-uncased", "base_model: expected a model repo id 'owner/name', got 'bert-base-uncased'")]
    [InlineData("base_model: [a/b, nope]", "base_model[1]: expected a model repo id 'owner/name', got 'nope'")]
    [InlineData("base_model: {a: b}", "base_model: expected a model repo id 'owner/name' or a list of them, got a mapping")]
    [InlineData("inference: maybe", "inference: expected true, false or a mapping with inputs, outputs and preprocessing, got 'maybe'")]
    [InlineData("inference: [x]", "inference: expected true, false or a mapping with inputs, outputs and preprocessing, got a list")]
    public void Wrong_type_or_value_names_the_key_and_the_reason(string line, string message)
    {
        var error = SingleError(line);

        Assert.Equal(message, error.Message);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void All_errors_are_collected()
    {
        var result = ModelCard.Parse(Readme.With("pipeline_tag: X", "tags: a", "base_model: b"));

        Assert.Equal(["pipeline_tag", "tags", "base_model"], result.Errors.Select(error => error.Key));
        Assert.Equal([2, 3, 4], result.Errors.Select(error => error.Line ?? 0));
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_its_position()
    {
        var result = ModelCard.Parse("---\nlicense: mit\n  tags: [a]\n---\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("README.md", error.Key);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("README.md: malformed YAML at line 3, column ", error.Message);
        Assert.Null(result.Card);
        Assert.Empty(result.CardData);
    }

    [Fact]
    public void Unclosed_front_matter_is_an_error()
    {
        var result = ModelCard.Parse("---\nlicense: mit\n");

        Assert.False(result.IsSuccess);
        Assert.Equal("README.md: the front matter opened by '---' on line 1 is never closed by a '---' line", Assert.Single(result.Errors).Message);
    }
}
