using Spaces.Core.Config;
using Spaces.Core.Templates;

namespace Spaces.Core.Tests.Templates;

public sealed class FrontMatterEditorTests
{
    private const string Readme = """
        ---
        title: Old
        # a comment that stays
        sdk: blazor
        models:
        - a/one
        - a/two
        license: mit
        ---

        # Body stays
        """;

    [Fact]
    public void Replaces_keys_in_place_and_keeps_comments_other_keys_and_the_body()
    {
        var edited = FrontMatterEditor.Set(Readme.ReplaceLineEndings("\n"), [
            new("title", FrontMatterEditor.Scalar("New: \"quoted\" \\ title")),
            new("models", FrontMatterEditor.List(["b/three"])),
        ]);

        Assert.Equal("""
            ---
            title: "New: \"quoted\" \\ title"
            # a comment that stays
            sdk: blazor
            models:
            - "b/three"
            license: mit
            ---

            # Body stays
            """.ReplaceLineEndings("\n"), edited);
        var config = SpaceConfig.Parse(edited, "x").Config!;
        Assert.Equal("New: \"quoted\" \\ title", config.Title);
        Assert.Equal(["b/three"], config.Models);
    }

    [Fact]
    public void Appends_missing_keys_and_adds_front_matter_to_a_readme_without_one()
    {
        var edited = FrontMatterEditor.Set("# Just a body\n", [new("sdk", "static"), new("hardware", FrontMatterEditor.Scalar("cpu-basic"))]);

        Assert.Equal("---\nsdk: static\nhardware: \"cpu-basic\"\n---\n# Just a body\n", edited);
    }

    [Fact]
    public void Control_characters_cannot_break_out_of_a_scalar()
    {
        var edited = FrontMatterEditor.Set("---\nsdk: static\n---\n", [new("title", FrontMatterEditor.Scalar("a\nsdk: docker\u0001"))]);

        var config = SpaceConfig.Parse(edited, "x").Config!;
        Assert.Equal(SpaceSdk.Static, config.Sdk);
        Assert.Equal("a\nsdk: docker\u0001", config.Title);
    }
}
