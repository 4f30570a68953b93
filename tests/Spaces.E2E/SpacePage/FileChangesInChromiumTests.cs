using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.SpacePage;

/// <summary>
/// Renaming and deleting a file from the Files tab in Chromium: the buttons on the file's page, the rename form, the delete
/// confirmation, each ending on the file's new place or its folder, and both commits in the history. The Space has no app file,
/// so nothing is built.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FileChangesInChromiumTests(PlatformFixture platform, BrowserFixture browser)
{
    [Fact]
    public async Task A_writer_renames_a_file_then_deletes_it_after_confirming()
    {
        const string owner = "filekeeper";
        var token = await platform.CreateUserAsync(owner);
        await platform.CreateSpaceAsync(token, owner, "tidy-files", "docker", isPrivate: false,
        [
            ("README.md", PlatformFixture.Utf8("---\ntitle: Tidy files\nsdk: docker\n---\n# Tidy files\n")),
            ("notes.txt", PlatformFixture.Utf8("first notes\n")),
        ]);

        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await platform.LogInAsync(page, owner);
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/tidy-files/files/main/notes.txt").ToString());

        await page.GetByTestId("rename-file").ClickAsync();
        await Expect(page.GetByLabel("New path")).ToHaveValueAsync("notes.txt");
        await page.GetByLabel("New path").FillAsync("docs/notes.txt");
        await session.ScreenshotAsync("space-page-rename-desktop");
        await page.GetByTestId("file-rename-confirm").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/tidy-files/files/main/docs/notes.txt").ToString());
        await Expect(page.Locator(".file-code")).ToContainTextAsync("first notes");
        await session.ScreenshotAsync("space-page-file-actions-desktop");

        await page.GetByTestId("delete-file").ClickAsync();
        await Expect(page.GetByTestId("file-delete-form")).ToContainTextAsync("docs/notes.txt");
        await session.ScreenshotAsync("space-page-delete-desktop");
        await page.GetByTestId("file-delete-confirm").ClickAsync();
        // docs/ held only that file, so the tab shows the root, without it.
        await Expect(page).ToHaveURLAsync(new Uri(platform.Host.BaseUrl, $"/spaces/{owner}/tidy-files/files/main/").ToString());
        await Expect(page.GetByTestId("file-tree")).ToContainTextAsync("README.md");
        await Expect(page.GetByTestId("file-tree")).Not.ToContainTextAsync("docs");

        await page.GetByTestId("tab-commits").ClickAsync();
        var commits = page.GetByTestId("commit-list").Locator("li");
        await Expect(commits.Nth(0)).ToContainTextAsync("Delete docs/notes.txt");
        await Expect(commits.Nth(1)).ToContainTextAsync("Rename notes.txt to docs/notes.txt");
        session.AssertNoErrors();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
