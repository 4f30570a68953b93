using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Spaces.E2E.Infrastructure;

namespace Spaces.E2E.SpacePage;

/// <summary>
/// The newcomer's path from the Space page on, in Chromium against the real platform and dockerd: the page is open before the first
/// commit, build log lines arrive live, the badge turns Running, the app's text shows inside the frame, a restart shows the app's new
/// start in the logs; and another user cannot see a private Space. Screenshots of every tab at desktop and phone widths.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SpacePageJourneyTests(PlatformFixture platform, BrowserFixture browser)
{
    private const string AppText = "Hello from the journey app";

    [Fact]
    public async Task The_page_follows_the_build_live_shows_the_app_and_a_restart_shows_in_the_logs()
    {
        const string owner = "pathfinder";
        var token = await platform.CreateUserAsync(owner);
        using var api = platform.Api(token);
        await EnsureAsync(await api.PostAsJsonAsync("/api/repos/create", new { name = "journey", type = "space", sdk = "docker" }));

        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await platform.LogInAsync(page, owner);
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/pathfinder/journey").ToString());
        await Expect(page.Locator("[data-live-stage]")).ToHaveAttributeAsync("data-stage", "NO_APP_FILE");

        // The first commit, made while the page is open: everything after this arrives through the hub.
        await CommitAppAsync(api, owner, "journey");
        await Expect(page.Locator("[data-live-stage]")).ToHaveAttributeAsync("data-stage", "BUILDING", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-state-log]")).Not.ToBeEmptyAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-card-title]")).ToHaveTextAsync("Journey");
        await session.ScreenshotAsync("space-page-app-building-desktop");
        await Expect(page.Locator("[data-live-stage]")).ToHaveTextAsync("Running", new() { Timeout = 180_000 });
        await Expect(page.FrameLocator("[data-app-frame]").Locator("#text")).ToHaveTextAsync(AppText, new() { Timeout = 30_000 });
        // The container's resource use, sampled while the page watches.
        await Expect(page.Locator("[data-live-metrics]")).ToContainTextAsync("MiB", new() { Timeout = 20_000 });
        await session.ScreenshotAsync("space-page-app-desktop");

        await page.GetByTestId("tab-logs").ClickAsync();
        var logs = page.GetByTestId("log-view");
        await Expect(logs.Locator(".log-line[data-kind=build]").First).ToBeVisibleAsync();
        // The app's own first line, from the container (the build log shows the Dockerfile's CMD with the same words).
        await Expect(logs.Locator(".log-line[data-kind=run]", new() { HasText = "app started" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        // The text filter hides what does not match.
        await page.GetByLabel("Filter lines").FillAsync("app started");
        await Expect(logs.Locator(".log-line:visible")).ToHaveCountAsync(await logs.Locator(".log-line", new() { HasText = "app started" }).CountAsync());
        await page.GetByLabel("Filter lines").FillAsync("");
        await session.ScreenshotAsync("space-page-logs-desktop");

        await page.GetByTestId("tab-settings").ClickAsync();
        await page.GetByTestId("restart").ClickAsync();
        await Expect(page.GetByTestId("notice-controls")).ToContainTextAsync("Restarting");
        await page.GetByTestId("tab-logs").ClickAsync();
        await Expect(page.GetByTestId("log-view").Locator(".log-line[data-kind=run]", new() { HasText = "app started" }))
            .ToHaveCountAsync(2, new() { Timeout = 120_000 });
        await Expect(page.Locator("[data-live-stage]")).ToHaveTextAsync("Running", new() { Timeout = 120_000 });

        // An earlier build's stored log, picked from the list.
        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Build #" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("log-view")).ToContainTextAsync("Successfully built");

        await page.GetByTestId("tab-files").ClickAsync();
        await Expect(page.GetByTestId("file-tree")).ToContainTextAsync("Dockerfile");
        await session.ScreenshotAsync("space-page-files-desktop");
        await page.GetByRole(AriaRole.Link, new() { Name = "README.md" }).ClickAsync();
        await Expect(page.Locator(".file-code")).ToContainTextAsync("sdk: docker");
        await session.ScreenshotAsync("space-page-file-desktop");
        await page.GetByTestId("tab-commits").ClickAsync();
        await Expect(page.GetByTestId("commit-list")).ToContainTextAsync("Initial app");
        await page.GetByTestId("tab-settings").ClickAsync();
        await session.ScreenshotAsync("space-page-settings-desktop");
        session.AssertNoErrors();

        await using var phone = await browser.NewSessionAsync(BrowserFixture.Phone);
        await platform.LogInAsync(phone.Page, owner);
        foreach (var (tab, path) in new[] { ("app", ""), ("files", "/files/main/"), ("logs", "/logs"), ("settings", "/settings") })
        {
            await phone.Page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/pathfinder/journey" + path).ToString());
            if (tab == "app")
            {
                await Expect(phone.Page.FrameLocator("[data-app-frame]").Locator("#text")).ToHaveTextAsync(AppText);
            }

            if (tab == "logs")
            {
                await Expect(phone.Page.GetByTestId("log-view").Locator(".log-line").First).ToBeVisibleAsync();
            }

            await phone.ScreenshotAsync($"space-page-{tab}-phone");
        }

        phone.AssertNoErrors();

        // Dark mode follows the system.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/pathfinder/journey/files/main/").ToString());
        Assert.Equal("dark", await page.EvaluateAsync<string>("document.documentElement.dataset.bsTheme"));
        await session.ScreenshotAsync("space-page-files-dark-desktop");

        // Uploads from the browser: files, a folder and an archive, each committed with a progress bar, then the tree shows them.
        await page.Locator("#upload-files").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = PlatformFixture.Utf8("first notes\n") });
        await page.GetByLabel("Commit message").FillAsync("Add notes from the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and commit" }).ClickAsync();
        await Expect(page.Locator("[data-upload-progress]")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("file-tree")).ToContainTextAsync("notes.txt", new() { Timeout = 30_000 });

        var folder = Directory.CreateTempSubdirectory("spaces-e2e-folder-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "assets"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "assets", "style.css"), "body { color: teal; }\n");
            await page.Locator("#upload-folder").SetInputFilesAsync(folder.FullName);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and commit" }).ClickAsync();
            await Expect(page.GetByTestId("file-tree")).ToContainTextAsync(folder.Name, new() { Timeout = 30_000 });
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await page.Locator("#upload-archive").SetInputFilesAsync(new FilePayload { Name = "data.zip", MimeType = "application/zip", Buffer = Zip(("data/table.csv", "a,b\n1,2\n")) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and commit" }).ClickAsync();
        await Expect(page.GetByTestId("file-tree")).ToContainTextAsync("data", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "data (folder)" }).ClickAsync();
        await Expect(page.GetByTestId("file-tree")).ToContainTextAsync("table.csv");

        // Editing a text file and committing it with a message.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/pathfinder/journey/files/main/www/index.html").ToString());
        await page.GetByTestId("edit-file").ClickAsync();
        await page.GetByLabel("Contents of www/index.html").FillAsync("<p id=\"text\">Edited in the browser</p>\n");
        await page.GetByLabel("Commit message").FillAsync("Edit the greeting");
        await session.ScreenshotAsync("space-page-edit-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.Locator(".file-code")).ToContainTextAsync("Edited in the browser");
        await page.GetByTestId("tab-commits").ClickAsync();
        await Expect(page.GetByTestId("commit-list").Locator("li").First).ToContainTextAsync("Edit the greeting");
        await session.ScreenshotAsync("space-page-commits-desktop");
        session.AssertNoErrors();
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(PlatformFixture.Utf8(text));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Another_user_cannot_see_a_private_Space_and_its_owner_gets_a_frame_with_an_access_token()
    {
        var ownerToken = await platform.CreateUserAsync("spacepage-owner");
        await platform.CreateUserAsync("spacepage-stranger");
        await platform.CreateSpaceAsync(ownerToken, "spacepage-owner", "hidden-lab", "docker", isPrivate: true,
            PlatformFixture.BusyboxApp("Hidden lab", $"<!DOCTYPE html><p id=\"text\">{AppText}</p>\n"));

        await using var stranger = await browser.NewSessionAsync();
        await platform.LogInAsync(stranger.Page, "spacepage-stranger");
        foreach (var path in new[] { "", "/files/main/", "/logs", "/settings" })
        {
            var response = await stranger.Page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/spacepage-owner/hidden-lab" + path).ToString());
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            await Expect(stranger.Page.GetByTestId("space-not-found")).ToBeVisibleAsync();
            Assert.DoesNotContain("Hidden lab", await stranger.Page.ContentAsync(), StringComparison.Ordinal);
        }

        await platform.WaitForStageAsync(ownerToken, "spacepage-owner", "hidden-lab", "RUNNING");
        await using var owner = await browser.NewSessionAsync();
        await platform.LogInAsync(owner.Page, "spacepage-owner");
        await owner.Page.GotoAsync(new Uri(platform.Host.BaseUrl, "/spaces/spacepage-owner/hidden-lab").ToString());
        await Expect(owner.Page.Locator("[data-live-stage]")).ToHaveTextAsync("Running");
        // The frame carries the page's short-lived token; the app opened in its own tab (a top-level visit) shows the app.
        Assert.Contains("__spaces_token=", await owner.Page.Locator("[data-app-frame]").GetAttributeAsync("src"), StringComparison.Ordinal);
        var popup = await owner.Page.RunAndWaitForPopupAsync(() => owner.Page.GetByRole(AriaRole.Link, new() { Name = "Open in new tab ↗" }).ClickAsync());
        await Expect(popup.Locator("#text")).ToHaveTextAsync(AppText);
        Assert.DoesNotContain("__spaces_token", popup.Url, StringComparison.Ordinal);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task CommitAppAsync(HttpClient api, string owner, string name)
    {
        var files = PlatformFixture.BusyboxApp(
            "Journey", $"<!DOCTYPE html><title>journey</title><p id=\"text\">{AppText}</p>\n",
            command: "echo app started; exec /bin/busybox httpd -f -p 7860 -h /www");
        var lines = new List<string> { JsonSerializer.Serialize(new { key = "header", value = new { summary = "Initial app", description = "" } }) };
        lines.AddRange(files.Select(f => JsonSerializer.Serialize(new
        {
            key = "file",
            value = new { path = f.Path, content = Convert.ToBase64String(f.Content), encoding = "base64" },
        })));
        using var body = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        await EnsureAsync(await api.PostAsync($"/api/spaces/{owner}/{name}/commit/main", body));
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
