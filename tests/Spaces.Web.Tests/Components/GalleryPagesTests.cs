using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Web.Tests.Components;

/// <summary>Home, the Spaces and models galleries, profiles and the model page, server-rendered through the real host.</summary>
public sealed class GalleryPagesTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Gallery_search_matches_a_word_of_the_description_and_filters_by_sdk_and_tag()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "reader", "sdk: docker\ntitle: Line reader\nshort_description: Reads handwritten receipts\ntags: [ocr, vision]");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "talker", "sdk: static\ntitle: Voice finder\nshort_description: Finds speech in audio\ntags: [audio]");
        using var browser = _factory.CreateClient();

        Assert.Equal(["ada/reader"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?q=RECEIPTS")));
        Assert.Equal(["ada/reader"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?q=line+handwritten")));
        Assert.Equal(["ada/talker"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?sdk=static")));
        Assert.Equal(["ada/talker"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?tag=audio")));
        Assert.Empty(UiKit.SpaceCards(await browser.GetStringAsync("/spaces?q=receipts&sdk=static")));
        var none = await browser.GetStringAsync("/spaces?q=nothing-like-this");
        Assert.Contains("No Space matches", none);
        Assert.Contains("0 Spaces", none);
    }

    [Fact]
    public async Task Gallery_sorts_by_name_likes_and_update_and_filters_by_hardware_and_stage()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        var (bob, _) = await _factory.CreateUserAsync("bob");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "beta", "sdk: docker\nhardware: cpu-upgrade");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "alpha", "sdk: docker");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "gamma", "sdk: docker");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
            var beta = await repos.GetReadableAsync(Actor.Session(bob), RepoType.Space, "ada", "beta");
            await repos.SetLikeAsync(Actor.Session(bob), beta, like: true);
        }

        using var browser = _factory.CreateClient();

        Assert.Equal(["ada/alpha", "ada/beta", "ada/gamma"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?sort=name")));
        Assert.Equal("ada/beta", UiKit.SpaceCards(await browser.GetStringAsync("/spaces?sort=likes"))[0]);
        Assert.Equal("ada/gamma", UiKit.SpaceCards(await browser.GetStringAsync("/spaces?sort=updated"))[0]);
        Assert.Equal(["ada/beta"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?hardware=cpu-upgrade")));
        Assert.Equal(["ada/alpha", "ada/gamma"], UiKit.SpaceCards(await browser.GetStringAsync("/spaces?hardware=cpu-basic&sort=name")));
        // Nothing ran: no app files, so every Space is in the error group and none is running.
        Assert.Equal(3, UiKit.SpaceCards(await browser.GetStringAsync("/spaces?stage=error")).Count);
        Assert.Empty(UiKit.SpaceCards(await browser.GetStringAsync("/spaces?stage=running")));
    }

    [Fact]
    public async Task Gallery_pages_hold_24_cards_and_link_to_the_next_page_keeping_the_query()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        for (var i = 0; i < 26; i++)
        {
            await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, $"demo-{i:00}", "sdk: docker\ntags: [paged]");
        }

        using var browser = _factory.CreateClient();
        var first = await browser.GetStringAsync("/spaces?tag=paged&sort=name");
        var second = await browser.GetStringAsync("/spaces?tag=paged&sort=name&page=2");

        Assert.Equal(24, UiKit.SpaceCards(first).Count);
        Assert.Equal("ada/demo-00", UiKit.SpaceCards(first)[0]);
        Assert.Contains("href=\"/spaces?tag=paged&amp;sort=name&amp;page=2\"", first);
        Assert.Equal(["ada/demo-24", "ada/demo-25"], UiKit.SpaceCards(second));
        Assert.Contains("26 Spaces", second);
    }

    [Fact]
    public async Task Private_spaces_and_models_show_only_to_those_who_may_read_them_on_home_gallery_profile_and_model_page()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await _factory.CreateUserAsync("eve");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "secret-app", "sdk: docker\nshort_description: hidden", isPrivate: true);
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "open-app", "sdk: docker");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Model, "secret-model", "pipeline_tag: image-to-text", isPrivate: true);

        using var anonymous = _factory.CreateClient();
        using var eve = await UiKit.LoggedInAsync(_factory, "eve");
        using var owner = await UiKit.LoggedInAsync(_factory, "ada");

        foreach (var visitor in new[] { anonymous, eve })
        {
            foreach (var page in new[] { "/", "/spaces", "/spaces?q=hidden", "/ada", "/models" })
            {
                var html = await visitor.GetStringAsync(page);
                Assert.DoesNotContain("secret-app", html);
                Assert.DoesNotContain("secret-model", html);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/models/ada/secret-model")).StatusCode);
        }

        Assert.Contains("ada/secret-app", UiKit.SpaceCards(await owner.GetStringAsync("/spaces")));
        Assert.Contains("ada/secret-app", UiKit.SpaceCards(await owner.GetStringAsync("/ada")));
        Assert.Contains("ada/secret-app", UiKit.SpaceCards(await owner.GetStringAsync("/")));
        Assert.Contains("ada/secret-model", UiKit.ModelTiles(await owner.GetStringAsync("/ada")));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/models/ada/secret-model")).StatusCode);
    }

    [Fact]
    public async Task Home_shows_trending_spaces_examples_and_recent_models()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateOrganizationAsync(ada, "examples", "Examples");
        }

        var examples = await FindAccountAsync("examples");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "pinned-one", "sdk: docker\npinned: true");
        await UiKit.CreateRepoAsync(_factory, examples, RepoType.Space, "hello", "sdk: docker");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "plain", "sdk: docker");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Model, "tiny-model", "pipeline_tag: image-classification\nlibrary_name: onnx");

        using var browser = _factory.CreateClient();
        var html = await browser.GetStringAsync("/");

        var examplesAt = html.IndexOf("id=\"pinned-heading\"", StringComparison.Ordinal);
        var trendingAt = html.IndexOf("id=\"trending-heading\"", StringComparison.Ordinal);
        Assert.True(examplesAt > 0 && trendingAt > 0);
        var trending = UiKit.SpaceCards(html[trendingAt..examplesAt]);
        var pinned = UiKit.SpaceCards(html[examplesAt..]);
        Assert.Equal(["ada/plain"], trending);
        Assert.Equal(["ada/pinned-one", "examples/hello"], pinned.Order(StringComparer.Ordinal));
        Assert.Equal(["ada/tiny-model"], UiKit.ModelTiles(html));
        Assert.Contains("action=\"/spaces\"", html);
    }

    [Fact]
    public async Task The_model_page_renders_the_card_safely_lists_files_and_the_spaces_using_it()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Model, "reader", "pipeline_tag: image-to-text\nlicense: apache-2.0\ntags: [ocr]", body:
            "# Reader\n\nReads **lines**. <script>alert(1)</script> [weights](model.onnx)\n", extraFiles: [("model.onnx", "not really onnx")]);
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "uses-it", "sdk: docker\nmodels: [ada/reader]");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Space, "other", "sdk: docker\nmodels: [ada/other-model]");

        using var browser = _factory.CreateClient();
        var html = await browser.GetStringAsync("/models/ada/reader");

        Assert.Contains("<h1 id=\"reader\">Reader</h1>", html);
        Assert.Contains("<strong>lines</strong>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("href=\"/ada/reader/resolve/main/model.onnx\"", html);
        Assert.Contains("image-to-text", html);
        Assert.Contains("class=\"panel model-widget-area\"", html);
        Assert.Equal(["ada/uses-it"], UiKit.SpaceCards(html));
        // The Hub's model URL (/{owner}/{name}) is the same page.
        Assert.Contains("<h1 id=\"reader\">Reader</h1>", await browser.GetStringAsync("/ada/reader"));
        var missing = await browser.GetAsync("/models/ada/missing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("This model does not exist", await missing.Content.ReadAsStringAsync());
        // A path nothing answers still gets the site's 404 page (re-executed in its own scope).
        var nowhere = await browser.GetAsync("/models/ada/missing/and/more");
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Contains("does not exist", await nowhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Models_gallery_searches_and_filters_by_task()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Model, "vad", "pipeline_tag: voice-activity-detection\ntags: [audio]");
        await UiKit.CreateRepoAsync(_factory, ada, RepoType.Model, "ocr", "pipeline_tag: image-to-text\ntags: [vision]");
        using var browser = _factory.CreateClient();

        Assert.Equal(["ada/vad"], UiKit.ModelTiles(await browser.GetStringAsync("/models?q=voice")));
        Assert.Equal(["ada/ocr"], UiKit.ModelTiles(await browser.GetStringAsync("/models?task=image-to-text")));
        Assert.Equal(["ada/vad"], UiKit.ModelTiles(await browser.GetStringAsync("/models?tag=audio")));
        Assert.Equal(["ada/ocr", "ada/vad"], UiKit.ModelTiles(await browser.GetStringAsync("/models?sort=name")));
    }

    [Fact]
    public async Task An_unknown_profile_is_a_404_with_a_kind_message_and_an_organization_lists_its_members()
    {
        var (ada, _) = await _factory.CreateUserAsync("ada");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateOrganizationAsync(ada, "lab", "The Lab");
        }

        using var browser = _factory.CreateClient();
        var missing = await browser.GetAsync("/nobody-here");
        var lab = await browser.GetStringAsync("/lab");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No one by that name", await missing.Content.ReadAsStringAsync());
        Assert.Contains("The Lab", lab);
        Assert.Contains("Organization", lab);
        Assert.Contains("href=\"/ada\"", lab);
        Assert.Contains("No Spaces yet", lab);
    }

    private async Task<Account> FindAccountAsync(string name)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountService>().FindAsync(name))!;
    }
}
