using Spaces.Core.Config;

namespace Spaces.Core.Tests.Config;

public sealed class ReadmeDocumentTests
{
    [Fact]
    public void Splits_front_matter_from_body()
    {
        var document = ReadmeDocument.Parse("---\ntitle: Demo\nsdk: docker\n---\n# Hello\n\nText.\n");

        Assert.Equal("title: Demo\nsdk: docker\n", document.FrontMatter);
        Assert.Equal("# Hello\n\nText.\n", document.Body);
        Assert.False(document.IsFrontMatterUnterminated);
    }

    [Fact]
    public void Tolerates_bom_and_crlf()
    {
        var document = ReadmeDocument.Parse("\uFEFF---\r\ntitle: Demo\r\n---\r\nBody line\r\nsecond\r\n");

        Assert.Equal("title: Demo\n", document.FrontMatter);
        Assert.Equal("Body line\nsecond\n", document.Body);
    }

    [Fact]
    public void Tolerates_trailing_blanks_on_delimiter_lines()
    {
        var document = ReadmeDocument.Parse("--- \ntitle: Demo\n---\t\nBody");

        Assert.Equal("title: Demo\n", document.FrontMatter);
        Assert.Equal("Body", document.Body);
    }

    [Fact]
    public void Without_front_matter_the_whole_text_is_the_body()
    {
        var document = ReadmeDocument.Parse("# Just markdown\n---\nnot: front matter\n---\n");

        Assert.Null(document.FrontMatter);
        Assert.Equal("# Just markdown\n---\nnot: front matter\n---\n", document.Body);
        Assert.False(document.IsFrontMatterUnterminated);
    }

    [Fact]
    public void Front_matter_must_start_on_the_first_line()
    {
        var document = ReadmeDocument.Parse("\n---\nsdk: docker\n---\n");

        Assert.Null(document.FrontMatter);
    }

    [Fact]
    public void Indented_dashes_do_not_open_front_matter()
    {
        var document = ReadmeDocument.Parse(" ---\nsdk: docker\n---\n");

        Assert.Null(document.FrontMatter);
    }

    [Fact]
    public void Unclosed_front_matter_is_flagged()
    {
        var document = ReadmeDocument.Parse("---\nsdk: docker\n# Body\n");

        Assert.Null(document.FrontMatter);
        Assert.True(document.IsFrontMatterUnterminated);
        Assert.Equal("---\nsdk: docker\n# Body\n", document.Body);
    }

    [Fact]
    public void A_single_delimiter_line_is_unterminated()
    {
        Assert.True(ReadmeDocument.Parse("---").IsFrontMatterUnterminated);
    }

    [Fact]
    public void Empty_front_matter_and_no_body()
    {
        var document = ReadmeDocument.Parse("---\n---");

        Assert.Equal("", document.FrontMatter);
        Assert.Equal("", document.Body);
    }

    [Fact]
    public void Closing_delimiter_is_the_first_one_after_the_opening()
    {
        var document = ReadmeDocument.Parse("---\na: 1\n---\nbody\n---\nmore\n");

        Assert.Equal("a: 1\n", document.FrontMatter);
        Assert.Equal("body\n---\nmore\n", document.Body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Null_or_empty_text_gives_an_empty_document(string? text)
    {
        var document = ReadmeDocument.Parse(text);

        Assert.Null(document.FrontMatter);
        Assert.Equal("", document.Body);
        Assert.False(document.IsFrontMatterUnterminated);
    }
}
