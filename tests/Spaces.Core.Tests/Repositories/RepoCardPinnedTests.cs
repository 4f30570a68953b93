using System.Text;
using Spaces.Core.Repositories;

namespace Spaces.Core.Tests.Repositories;

/// <summary><see cref="Repo.Pinned"/> as a commit writes it from README.md: only a Space whose card says <c>pinned: true</c>.</summary>
public sealed class RepoCardPinnedTests
{
    [Theory]
    [InlineData("sdk: docker\npinned: true", true)]
    [InlineData("sdk: docker\npinned: false", false)]
    [InlineData("sdk: docker", false)]
    [InlineData("sdk: docker\npinned: \"true\"", false)]
    [InlineData("sdk: docker\nextra:\n  pinned: true", false)]
    public void A_space_is_pinned_only_by_a_boolean_true(string frontMatter, bool pinned)
    {
        var repo = NewRepo(RepoType.Space);

        Card(RepoType.Space, frontMatter).ApplyTo(repo);

        Assert.Equal(pinned, repo.Pinned);
    }

    [Fact]
    public void Unpinning_the_card_clears_the_flag_and_a_model_is_never_pinned()
    {
        var space = NewRepo(RepoType.Space);
        Card(RepoType.Space, "sdk: docker\npinned: true").ApplyTo(space);
        Assert.True(space.Pinned);
        Card(RepoType.Space, "sdk: docker\npinned: false").ApplyTo(space);
        Assert.False(space.Pinned);
        Card(RepoType.Space, "sdk: docker\npinned: true").ApplyTo(space);
        RepoCard.Read(RepoType.Space, space.Name, null, []).ApplyTo(space);
        Assert.False(space.Pinned);

        var model = NewRepo(RepoType.Model);
        Card(RepoType.Model, "pipeline_tag: image-to-text\npinned: true").ApplyTo(model);
        Assert.False(model.Pinned);
    }

    private static RepoCard Card(RepoType type, string frontMatter) =>
        RepoCard.Read(type, "demo", Encoding.UTF8.GetBytes($"---\n{frontMatter}\n---\n# Demo\n"), ["README.md", "Dockerfile"]);

    private static Repo NewRepo(RepoType type) => new() { Type = type, Name = "demo", NormalizedName = "demo", StorageKey = "key" };
}
