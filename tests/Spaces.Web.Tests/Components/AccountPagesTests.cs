using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Spaces.Web.Tests.Components;

/// <summary>The server-rendered account forms, posted the way a browser without JavaScript posts them.</summary>
public sealed partial class AccountPagesTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient NewBrowser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task Register_signs_in_then_logout_and_login_work_and_a_wrong_password_is_refused()
    {
        using var browser = NewBrowser();

        var registered = await PostFormAsync(browser, "/register", "register",
            new() { ["Input.Name"] = "ada", ["Input.Email"] = "ada@example.test", ["Input.Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("data-testid=\"current-user\">ada<", await browser.GetStringAsync("/"));

        var logout = await PostFormAsync(browser, "/", null, [], action: "/logout");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.DoesNotContain("current-user", await browser.GetStringAsync("/"));

        var wrong = await PostFormAsync(browser, "/login", "login", new() { ["Input.Name"] = "ada", ["Input.Password"] = "wrong password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("do not match", await wrong.Content.ReadAsStringAsync());

        var login = await PostFormAsync(browser, "/login?returnUrl=%2Fsettings%2Ftokens", "login", new() { ["Input.Name"] = "ada", ["Input.Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/settings/tokens", new Uri(new Uri("http://localhost"), login.Headers.Location!).PathAndQuery);
    }

    [Fact]
    public async Task Registering_with_the_optional_email_left_empty_works_like_a_browser_posts_it()
    {
        using var browser = NewBrowser();

        var registered = await PostFormAsync(browser, "/register", "register",
            new() { ["Input.Name"] = "grace", ["Input.Email"] = "", ["Input.Password"] = "correct horse battery" });
        var badEmail = await PostFormAsync(NewBrowser(), "/register", "register",
            new() { ["Input.Name"] = "linus", ["Input.Email"] = "not-an-address", ["Input.Password"] = "correct horse battery" });

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("data-testid=\"current-user\">grace<", await browser.GetStringAsync("/"));
        Assert.Contains("That is not an e-mail address.", await badEmail.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registration_problems_are_shown_on_the_form_and_nothing_is_created()
    {
        using var browser = NewBrowser();

        var badName = await PostFormAsync(browser, "/register", "register", new() { ["Input.Name"] = "a--b", ["Input.Password"] = "long enough pass" });
        var shortPassword = await PostFormAsync(browser, "/register", "register", new() { ["Input.Name"] = "bob", ["Input.Password"] = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("not a valid account name", await badName.Content.ReadAsStringAsync());
        Assert.Contains("at least 8 characters", await shortPassword.Content.ReadAsStringAsync());
        var login = await PostFormAsync(browser, "/login", "login", new() { ["Input.Name"] = "bob", ["Input.Password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task The_tokens_page_needs_a_login_and_shows_a_new_token_once()
    {
        using var browser = NewBrowser();
        var anonymous = await browser.GetAsync("/settings/tokens");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", new Uri(new Uri("http://localhost"), anonymous.Headers.Location!).PathAndQuery);

        await PostFormAsync(browser, "/register", "register", new() { ["Input.Name"] = "ada", ["Input.Password"] = "correct horse battery" });
        var created = await PostFormAsync(browser, "/settings/tokens", "create-token", new() { ["Input.Name"] = "laptop", ["Input.Role"] = "write" });
        var page = await created.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var secret = SecretPattern().Match(page).Value;
        Assert.StartsWith("spc_", secret);
        var later = await browser.GetStringAsync("/settings/tokens");
        Assert.Contains("laptop", later);
        Assert.DoesNotContain(secret, later);
    }

    /// <summary>Loads <paramref name="page"/>, takes its anti-forgery token, and posts the form like a browser.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient browser, string page, string? formName, Dictionary<string, string> fields, string? action = null)
    {
        var html = await browser.GetStringAsync(page);
        var token = AntiforgeryPattern().Match(html);
        Assert.True(token.Success, $"no anti-forgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        if (formName is not null)
        {
            fields["_handler"] = formName;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(action ?? page, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("spc_[A-Za-z0-9_-]+")]
    private static partial Regex SecretPattern();
}
