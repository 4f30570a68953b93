using Microsoft.Playwright;

namespace Spaces.E2E.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) launched headless by Playwright, once per test collection. Playwright never downloads a
/// browser here: the executable path is always given.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The desktop viewport used for screenshots.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>The phone viewport used for screenshots.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    /// <summary>The launched browser.</summary>
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's Chromium at {ChromiumPath}: `apt-get install chromium` (scripts/test installs it).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A Chromium of its own whose microphone plays <paramref name="wav"/> in a loop, granted without a prompt (the browser's fake
    /// media devices); dispose it at the end of the test.
    /// </summary>
    public static Task<IBrowser> LaunchWithFakeMicrophoneAsync(IPlaywright playwright, string wav) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                .. ChromiumArgs,
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={wav}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });

    /// <summary>A fresh browser context (own cookies) with one page; dispose it at the end of the test.</summary>
    public async Task<BrowserSession> NewSessionAsync(ViewportSize? viewport = null)
    {
        var phone = viewport is { Width: < 600 };
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desktop,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>One browser context and its page; collects the page's script errors and failed console messages.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    internal BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) => Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // A browser asks every origin for /favicon.ico on its own; an app without one is not an error of the page.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico:", StringComparison.Ordinal))
            {
                Add($"console error: {message.Text} ({message.Location})");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Script errors and console errors seen so far (a 404 the page asked for shows up here too).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Fails with every collected error listed when the page logged any.</summary>
    public void AssertNoErrors()
    {
        var errors = Errors;
        Assert.True(errors.Count == 0, $"The page reported {errors.Count} error(s):\n{string.Join('\n', errors)}");
    }

    /// <summary>Saves a full-page screenshot as <c>artifacts/screenshots/{name}.png</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Artifacts.Screenshot(name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private void Add(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
