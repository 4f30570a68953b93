using System.Net;

namespace Spaces.Web.Tests.Components.SpacePage;

/// <summary>Who sees the Space page and its tabs: a private Space is 404 to everyone else on every sub-route; settings are for writers.</summary>
public sealed class SpacePageAccessTests : IDisposable
{
    private static readonly string[] _tabs =
        ["", "/files/main/", "/files/main/index.html", "/edit/main/index.html", "/delete/main/index.html", "/rename/main/index.html", "/commits", "/logs", "/settings"];
    private readonly SpacesWebFactory _factory = new();
    private readonly SpacePageKit _kit;

    public SpacePageAccessTests() => _kit = new SpacePageKit(_factory);

    public void Dispose()
    {
        _kit.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_private_Space_is_404_on_every_tab_for_visitors_and_other_users_and_shown_to_its_owner()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var (bob, _) = await _kit.UserAsync("bob");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "secret-lab", isPrivate: true, title: "Secret lab");
        var anonymous = _kit.Anonymous();

        foreach (var tab in _tabs)
        {
            var url = "/spaces/ada/secret-lab" + tab;
            var owner = await SpacePageKit.GetAsync(ada, url);
            Assert.Contains("Secret lab", owner);
            foreach (var stranger in new[] { bob, anonymous })
            {
                var page = await SpacePageKit.GetAsync(stranger, url, HttpStatusCode.NotFound);
                Assert.Contains("This Space does not exist", page);
                Assert.DoesNotContain("Secret lab", page);
                Assert.DoesNotContain("__spaces_token", page);
            }
        }
    }

    [Fact]
    public async Task The_app_tab_frames_the_app_origin_with_a_token_only_for_private_Spaces()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "open-demo");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "closed-demo", isPrivate: true);

        var open = await SpacePageKit.GetAsync(ada, "/spaces/ada/open-demo");
        var closed = await SpacePageKit.GetAsync(ada, "/spaces/ada/closed-demo");

        Assert.Contains("data-app-url=\"http://ada--open-demo.spaces.localhost/\"", open);
        Assert.DoesNotContain("__spaces_token", open);
        Assert.Contains("http://ada--closed-demo.spaces.localhost/?__spaces_token=", closed);
        Assert.Contains("Open in new tab", open);
        Assert.Contains("data-live-stage", open);
        Assert.Contains("js/space/space-page.js", open);
    }

    [Fact]
    public async Task Settings_are_only_offered_to_those_who_can_write()
    {
        var (ada, adaApi) = await _kit.UserAsync("ada");
        var (bob, _) = await _kit.UserAsync("bob");
        await SpacePageKit.CreateSpaceAsync(adaApi, "ada", "demo");

        Assert.Contains("data-testid=\"tab-settings\"", await SpacePageKit.GetAsync(ada, "/spaces/ada/demo"));
        Assert.DoesNotContain("data-testid=\"tab-settings\"", await SpacePageKit.GetAsync(bob, "/spaces/ada/demo"));
        await SpacePageKit.GetAsync(bob, "/spaces/ada/demo/settings", HttpStatusCode.NotFound);
        var edit = await SpacePageKit.GetAsync(bob, "/spaces/ada/demo/edit/main/index.html", HttpStatusCode.Forbidden);
        Assert.Contains("Only those who can write", edit);
    }
}
