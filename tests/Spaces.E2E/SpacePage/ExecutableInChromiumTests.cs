using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.SpacePage;

/// <summary>
/// Making a script executable from the Files tab in Chromium: the editor's "Executable" checkbox, a mode-only commit, the mark on
/// the file's page and in the folder listing, and the box unticked again. The Space has no app file, so nothing is built.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ExecutableInChromiumTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_writer_ticks_executable_and_sees_the_mark_then_unticks_it()
    {
        const string owner = "scripter";
        var token = await platform.CreateUserAsync(owner);
        await platform.CreateSpaceAsync(token, owner, "scripts", "docker", isPrivate: false,
        [
            ("README.md", PlatformFixture.Utf8("---\ntitle: Scripts\nsdk: docker\n---\n# Scripts\n")),
            ("start.sh", PlatformFixture.Utf8("#!/bin/sh\necho started\n")),
        ]);

        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await platform.LogInAsync(page, owner);
        var fileUrl = new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/scripts/files/main/start.sh").ToString();
        await page.GotoAsync(fileUrl);
        await Expect(page.GetByTestId("mode-executable")).ToHaveCountAsync(0);

        await page.GetByTestId("edit-file").ClickAsync();
        var executable = page.GetByLabel("Executable");
        await Expect(executable).Not.ToBeCheckedAsync();
        await executable.CheckAsync();
        await session.ScreenshotAsync("space-page-executable-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fileUrl);
        await Expect(page.GetByTestId("mode-executable")).ToHaveTextAsync("executable");
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/scripts/files/main/").ToString());
        await Expect(page.GetByTestId("file-tree").Locator("a", new() { HasText = "start.sh" }).GetByTestId("mode-executable")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("file-tree").Locator("a", new() { HasText = "README.md" }).GetByTestId("mode-executable")).ToHaveCountAsync(0);

        await page.GotoAsync(new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/scripts/edit/main/start.sh").ToString());
        await Expect(page.GetByLabel("Executable")).ToBeCheckedAsync();
        await page.GetByLabel("Executable").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fileUrl);
        await Expect(page.GetByTestId("mode-executable")).ToHaveCountAsync(0);

        await page.GetByTestId("tab-commits").ClickAsync();
        var commits = page.GetByTestId("commit-list").Locator("li");
        await Expect(commits.Nth(0)).ToContainTextAsync("Make start.sh not executable");
        await Expect(commits.Nth(1)).ToContainTextAsync("Make start.sh executable");
        session.AssertNoErrors();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
