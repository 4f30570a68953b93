using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Web.Tests.Components;

/// <summary>What the UI tests share: repositories made through the real services, and a cookie browser that posts forms like one.</summary>
internal static partial class UiKit
{
    /// <summary>Creates a repository owned by <paramref name="owner"/> whose README has <paramref name="frontMatter"/> (YAML lines) and <paramref name="body"/>.</summary>
    public static async Task<Repo> CreateRepoAsync(
        SpacesWebFactory factory, Account owner, RepoType type, string name, string frontMatter, bool isPrivate = false, string body = "",
        params (string Path, string Content)[] extraFiles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var repos = scope.ServiceProvider.GetRequiredService<RepoService>();
        var readme = $"---\n{frontMatter}\n---\n{body}";
        IReadOnlyList<CommitOperation> files =
        [
            new PutFile("README.md", new MemoryStream(Encoding.UTF8.GetBytes(readme))),
            .. extraFiles.Select(f => new PutFile(f.Path, new MemoryStream(Encoding.UTF8.GetBytes(f.Content)))),
        ];
        var sdk = type == RepoType.Space ? SdkPattern().Match(frontMatter).Groups[1].Value : null;
        return await repos.CreateAsync(Actor.Session(owner), new CreateRepoRequest(type, owner.Name, name, isPrivate, Sdk: sdk, InitialFiles: files));
    }

    /// <summary>A browser: cookies kept, redirects not followed.</summary>
    public static HttpClient NewBrowser(SpacesWebFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser logged in as <paramref name="user"/> (password of <see cref="SpacesWebFactory.CreateUserAsync"/>).</summary>
    public static async Task<HttpClient> LoggedInAsync(SpacesWebFactory factory, string user)
    {
        var browser = NewBrowser(factory);
        var response = await PostFormAsync(browser, "/login", "login", new() { ["Input.Name"] = user, ["Input.Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>
    /// Loads <paramref name="page"/> (or <paramref name="tokenPage"/>, for a page that shows no form to this browser), takes its
    /// anti-forgery token, and posts the named form to <paramref name="page"/> like a browser.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser, string page, string formName, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var html = await browser.GetStringAsync(tokenPage ?? page);
        var token = AntiforgeryPattern().Match(html);
        Assert.True(token.Success, $"no anti-forgery token on {tokenPage ?? page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        fields["_handler"] = formName;
        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(page, content);
    }

    /// <summary>The <c>data-space</c> ids of the Space cards on a page, in order.</summary>
    public static IReadOnlyList<string> SpaceCards(string html) => [.. SpaceCardPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The <c>data-model</c> ids of the model tiles on a page, in order.</summary>
    public static IReadOnlyList<string> ModelTiles(string html) => [.. ModelTilePattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("sdk: ([a-z]+)")]
    private static partial Regex SdkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("<article class=\"space-card\"[^>]*data-space=\"([^\"]+)\"")]
    private static partial Regex SpaceCardPattern();

    [GeneratedRegex("<article class=\"model-tile\" data-model=\"([^\"]+)\"")]
    private static partial Regex ModelTilePattern();
}
