using System.Text.Json;
using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.Ui;

/// <summary>A newcomer's first minutes in Chromium: register, create a Space from the docker template, land on its page.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NewcomerTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task Register_then_new_space_from_the_docker_template_lands_on_the_space_page()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/register").ToString());
        await page.GetByLabel("User name").FillAsync("newcomer");
        await page.GetByLabel("Password").FillAsync(PlatformFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/register", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "New Space", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/new-space");
        Assert.Equal("newcomer", await page.GetByLabel("Owner").InputValueAsync());

        // The name is checked as it is typed, with the server's rules, then for availability.
        var name = page.GetByLabel("Space name");
        await name.PressSequentiallyAsync("bad--name");
        await Assertions.Expect(page.Locator("#space-name-status")).ToContainTextAsync("not a valid repository name");
        await name.FillAsync("");
        await name.PressSequentiallyAsync("first-demo");
        await Assertions.Expect(page.Locator("#space-name-status")).ToContainTextAsync("Available");
        await Assertions.Expect(page.Locator("#space-name-status")).ToContainTextAsync($"newcomer--first-demo.{PlatformHost.AppsDomain}");

        await page.Locator("label[data-template=docker]").ClickAsync();
        Assert.True(await page.Locator("input[name='Input.Template'][value=docker]").IsCheckedAsync());
        await page.GetByLabel("Hardware").SelectOptionAsync("cpu-basic");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create from template" }).ClickAsync();

        await page.WaitForURLAsync("**/spaces/newcomer/first-demo");
        using var api = platform.Api();
        var info = JsonDocument.Parse(await api.GetStringAsync("/api/spaces/newcomer/first-demo")).RootElement;
        Assert.Equal("docker", info.GetProperty("sdk").GetString());
        Assert.Equal("🐳", info.GetProperty("cardData").GetProperty("emoji").GetString());
        Assert.Equal("first-demo", info.GetProperty("cardData").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_taken_name_is_reported_while_typing()
    {
        var token = await platform.CreateUserAsync("taker");
        await UiKit.CreateListedSpaceAsync(platform, token, "taker", "already-here", "title: Here");
        await using var session = await browser.NewSessionAsync();
        await platform.LogInAsync(session.Page, "taker");

        await session.Page.GotoAsync(new Uri(platform.Host.BaseUrl, "/new-space").ToString());
        await session.Page.GetByLabel("Space name").PressSequentiallyAsync("already-here");

        await Assertions.Expect(session.Page.Locator("#space-name-status")).ToContainTextAsync("already exists");
        Assert.Contains("is-invalid", await session.Page.GetByLabel("Space name").GetAttributeAsync("class"));
        session.AssertNoErrors();
    }
}
