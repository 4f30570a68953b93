using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.E2E.Widgets;

/// <summary>
/// What the widget browser tests need: model repos seeded from the real models of the asset cache, their real model page with the
/// widget its card selects, and media made by Debian tools (ImageMagick, espeak-ng, sox).
/// </summary>
internal static class WidgetPage
{
    public const string OcrCard = "---\nlicense: apache-2.0\nlibrary_name: onnx\npipeline_tag: image-to-text\ninference:\n  preprocessing:\n" +
                                  "    resize_height: 48\n    channel_order: BGR\n    alphabet: assets/ppocr_keys_v1.txt\n  decode: ctc-greedy\n---\n# OCR\n";

    public const string VadCard = "---\nlicense: mit\nlibrary_name: onnx\npipeline_tag: voice-activity-detection\n---\n# Silero VAD v5\n";

    /// <summary>Creates <paramref name="owner"/> (if needed) and a public model repo with <paramref name="files"/> committed.</summary>
    public static async Task SeedModelAsync(IServiceProvider services, string owner, string name, params (string Path, byte[] Content)[] files)
    {
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountService>().GetOrCreateUserAsync(owner);
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var actor = Actor.Session(account);
        var repo = await repos.CreateAsync(actor, new CreateRepoRequest(RepoType.Model, owner, name));
        await repos.CommitAsync(actor, repo, new CommitRequest("Add the model", RepoService.AuthorOf(account),
            [.. files.Select(f => (CommitOperation)new PutFile(f.Path, new MemoryStream(f.Content)))]));
    }

    /// <summary>
    /// Opens the real model page of <paramref name="modelId"/> (<c>/models/{owner}/{name}</c>), whose "Try it" panel shows the widget its card
    /// selects, and waits until the widget (<paramref name="selector"/>) has connected its scripts and says it is ready.
    /// </summary>
    public static async Task<ILocator> OpenModelPageAsync(IPage page, Uri baseUrl, string modelId, string selector)
    {
        var response = await page.GotoAsync(new Uri(baseUrl, $"models/{modelId}").ToString());
        Assert.True(response is { Ok: true }, $"the model page of {modelId} answered {response?.Status}");
        var widget = page.Locator($"section.model-widget-area {selector}");
        await Assertions.Expect(widget).ToHaveCountAsync(1);
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "ready");
        return widget;
    }

    /// <summary>Runs a Debian tool and returns its output; fails with the package to install when it is missing.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        Assert.True(File.Exists(tool), $"{tool} is missing: install imagemagick, fonts-dejavu-core, espeak-ng and sox (scripts/lib/prepare.sh installs them)");
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.GetAwaiter().GetResult()}");
        return output;
    }
}
