using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using Spaces.Core.Spaces;
using Spaces.Gateway.Routing;

namespace Spaces.Gateway.Tests.Routing;

public sealed class SpaceStatusPagesTests
{
    private const string SpacePage = "http://localhost:5080/spaces/alice/demo";

    private static readonly Repo Space = new()
    {
        Id = 1, Name = "demo", NormalizedName = "demo", StorageKey = "k", Owner = new Account { Name = "alice", NormalizedName = "alice" },
    };

    [Theory]
    [InlineData(SpaceStage.Building, "BUILDING")]
    [InlineData(SpaceStage.AppStarting, "APP_STARTING")]
    [InlineData(SpaceStage.Sleeping, "SLEEPING")]
    public void Transient_stages_are_503_pages_that_reload_themselves(SpaceStage stage, string name)
    {
        var page = SpaceStatusPages.For(Space, new SpaceRuntime { Stage = stage }, SpacePage, 2);

        Assert.Equal(503, page.Status);
        Assert.Equal(name, page.Stage);
        Assert.Equal(2, page.RefreshSeconds);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\">", GatewayPages.Render(page));
    }

    [Theory]
    [InlineData(SpaceStage.BuildError, "failed to build")]
    [InlineData(SpaceStage.RuntimeError, "runtime error")]
    [InlineData(SpaceStage.ConfigError, "configuration error")]
    [InlineData(SpaceStage.NoAppFile, "no app")]
    public void Error_stages_show_the_message_encoded_and_link_to_the_spaces_page(SpaceStage stage, string headline)
    {
        var page = SpaceStatusPages.For(Space, new SpaceRuntime { Stage = stage, ErrorMessage = "<script>alert(1)</script> & more" }, SpacePage, 2);
        var html = GatewayPages.Render(page);

        Assert.Equal(503, page.Status);
        Assert.Null(page.RefreshSeconds);
        Assert.Contains(headline, page.Headline);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html);
        Assert.Contains($"href=\"{SpacePage}\"", html);
    }

    [Theory]
    [InlineData(SpaceStage.Paused, "paused")]
    [InlineData(SpaceStage.Stopped, "stopped")]
    public void Paused_and_stopped_say_who_can_resume(SpaceStage stage, string word)
    {
        var page = SpaceStatusPages.For(Space, new SpaceRuntime { Stage = stage }, SpacePage, 2);

        Assert.Equal(503, page.Status);
        Assert.Contains(word, page.Headline);
        Assert.Contains("write access", page.Explanation);
        Assert.Null(page.RefreshSeconds);
    }

    [Fact]
    public void A_space_being_deleted_is_not_found()
    {
        Assert.Same(GatewayPages.NotFound, SpaceStatusPages.For(Space, new SpaceRuntime { Stage = SpaceStage.Deleting }, SpacePage, 2));
    }

    [Fact]
    public void A_space_that_never_ran_is_starting()
    {
        var page = SpaceStatusPages.For(Space, null, SpacePage, 3);

        Assert.Equal(503, page.Status);
        Assert.Equal(3, page.RefreshSeconds);
        Assert.Contains("starting", page.Headline);
    }
}
