using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;
using static Spaces.Web.Tests.Api.RepoFilesKit;

namespace Spaces.Web.Tests.Api;

/// <summary>Reading files: resolve (headers, 304, ranges, HEAD, revisions), tree listings, and who may read and write.</summary>
public sealed class RepoFilesReadTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Resolve_streams_the_file_with_hub_headers()
    {
        using var ada = await OwnerWithSpaceAsync();
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var commit = await UploadAsync(ada, ("files", "weights/model.bin", data), ("files", "app.py", Utf8("print('é')")));

        using var response = await ada.GetAsync("/spaces/ada/demo/resolve/main/weights/model.bin");
        using var text = await ada.GetAsync("/spaces/ada/demo/resolve/main/app.py");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(data.Length, response.Content.Headers.ContentLength);
        Assert.Equal(commit, response.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal($"\"{BlobId(data)}\"", response.Headers.ETag?.Tag);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/x-python", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", text.Content.Headers.ContentType?.CharSet);
        Assert.Equal("print('é')", await text.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", text.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Head_answers_the_headers_without_the_body()
    {
        using var ada = await OwnerWithSpaceAsync();
        var commit = await UploadAsync(ada, ("files", "a.txt", Utf8("hello world")));

        using var head = await ada.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/spaces/ada/demo/resolve/main/a.txt"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(11, head.Content.Headers.ContentLength);
        Assert.Equal(commit, head.Headers.GetValues("X-Repo-Commit").Single());
        Assert.NotNull(head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_matching_if_none_match_is_a_304()
    {
        using var ada = await OwnerWithSpaceAsync();
        await UploadAsync(ada, ("files", "a.txt", Utf8("hello")));
        using var first = await ada.GetAsync("/spaces/ada/demo/resolve/main/a.txt");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/spaces/ada/demo/resolve/main/a.txt");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await ada.SendAsync(again);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/spaces/ada/demo/resolve/main/a.txt");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var modified = await ada.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal("hello", await modified.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ranges_answer_206_with_content_range_and_416_past_the_end()
    {
        using var ada = await OwnerWithSpaceAsync();
        var data = RandomNumberGenerator.GetBytes(200_000);
        await UploadAsync(ada, ("files", "data.bin", data));

        using var middle = await RangeAsync(ada, new RangeHeaderValue(100_000, 100_009));
        using var suffix = await RangeAsync(ada, new RangeHeaderValue(null, 5));
        using var open = await RangeAsync(ada, new RangeHeaderValue(199_990, null));
        using var past = await RangeAsync(ada, new RangeHeaderValue(200_000, 200_100));

        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal(data[100_000..100_010], await middle.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 100000-100009/200000", middle.Content.Headers.ContentRange?.ToString());
        Assert.Equal(10, middle.Content.Headers.ContentLength);
        Assert.Equal(data[^5..], await suffix.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 199995-199999/200000", suffix.Content.Headers.ContentRange?.ToString());
        Assert.Equal(data[199_990..], await open.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
        Assert.Equal("bytes */200000", past.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Older_commits_and_tags_resolve_to_their_content_and_models_resolve_without_prefix()
    {
        using var ada = await OwnerWithSpaceAsync();
        var v1 = await UploadAsync(ada, ("files", "v.txt", Utf8("one")));
        await TagAsync("ada", "demo", "v1", v1);
        var v2 = await UploadAsync(ada, ("files", "v.txt", Utf8("two")));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "bert", type = "model" }));

        using var tagged = await ada.GetAsync("/spaces/ada/demo/resolve/v1/v.txt");

        Assert.Equal("one", await ReadAsync(ada, $"/spaces/ada/demo/resolve/{v1}/v.txt"));
        Assert.Equal("one", await tagged.Content.ReadAsStringAsync());
        Assert.Equal(v1, tagged.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal("two", await ReadAsync(ada, $"/spaces/ada/demo/resolve/{v2[..12]}/v.txt"));
        Assert.Contains("# bert", await ReadAsync(ada, "/ada/bert/resolve/main/README.md"));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await ada.GetAsync("/ada/demo/resolve/main/v.txt"));
    }

    [Fact]
    public async Task Missing_revisions_and_paths_are_404s_with_hub_error_codes()
    {
        using var ada = await OwnerWithSpaceAsync();

        using var noFile = await ada.GetAsync("/spaces/ada/demo/resolve/main/nope.txt");
        using var noRev = await ada.GetAsync("/spaces/ada/demo/resolve/v9/README.md");
        using var noRepo = await ada.GetAsync("/spaces/ada/ghost/resolve/main/README.md");
        using var folder = await ada.GetAsync("/api/spaces/ada/demo/tree/main/nope");

        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, noFile, "File 'nope.txt' does not exist at main in ada/demo");
        Assert.Equal("EntryNotFound", noFile.Headers.GetValues("X-Error-Code").Single());
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, noRev, "Revision 'v9' does not exist");
        Assert.Equal("RevisionNotFound", noRev.Headers.GetValues("X-Error-Code").Single());
        Assert.Equal("RepoNotFound", noRepo.Headers.GetValues("X-Error-Code").Single());
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, folder, "Folder 'nope' does not exist");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.GetAsync("/spaces/ada/demo/resolve/main/..%5C..%5Cetc%5Cpasswd"), "backslashes are not allowed");
    }

    [Fact]
    public async Task Tree_lists_a_folder_or_everything_below_it()
    {
        using var ada = await OwnerWithSpaceAsync();
        await UploadAsync(ada, ("files", "src/app.py", Utf8("12345")), ("files", "src/lib/util.py", Utf8("1")));

        var root = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo/tree/main"));
        var src = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo/tree/main/src"));
        var all = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo/tree/main/src?recursive=true"));

        Assert.Equal(
            [("file", ".gitattributes"), ("file", "README.md"), ("directory", "src")],
            root.EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("path").GetString())));
        Assert.Equal(
            [("file", "src/app.py", 5L), ("directory", "src/lib", 0L)],
            src.EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("path").GetString(), e.GetProperty("size").GetInt64())));
        Assert.All(src.EnumerateArray(), e => Assert.Equal(40, e.GetProperty("oid").GetString()!.Length));
        Assert.Equal(["src/app.py", "src/lib/util.py"], all.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task A_private_repo_is_404_to_anonymous_users_and_other_users_and_readable_by_its_owner()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var ada = _factory.CreateClient(adaToken);
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();
        await CreateSpaceAsync(ada, "secret", isPrivate: true);
        var head = await HeadAsync(ada, "ada/secret");
        string[] reads = ["/spaces/ada/secret/resolve/main/README.md", "/api/spaces/ada/secret/tree/main"];

        foreach (var url in reads)
        {
            using var owner = await ada.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await anonymous.GetAsync(url), "does not exist");
            await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await bob.GetAsync(url), "does not exist");
        }

        using var head404 = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, reads[0]));
        Assert.Equal(HttpStatusCode.NotFound, head404.StatusCode);
        foreach (var client in new[] { anonymous, bob })
        {
            using var form = Form([], ("files", "x.txt", Utf8("x")));
            await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await client.PostAsync("/api/spaces/ada/secret/upload/main", form));
            using var ndjson = Ndjson(null, NdjsonFile("x.txt", "x"));
            await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await client.PostAsync("/api/spaces/ada/secret/commit/main", ndjson));
        }

        Assert.Equal(head, await HeadAsync(ada, "ada/secret"));
    }

    [Fact]
    public async Task A_read_token_cannot_write_and_strangers_are_refused_on_public_repos()
    {
        var (adaUser, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var ada = _factory.CreateClient(adaToken);
        using var readOnly = _factory.CreateClient(await TokenAsync(adaUser, TokenRole.Read));
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();
        await CreateSpaceAsync(ada, "demo");
        var head = await HeadAsync(ada, "ada/demo");

        using var readForm = Form([], ("files", "x.txt", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await readOnly.PostAsync("/api/spaces/ada/demo/upload/main", readForm), "can only read");
        using var readCommit = Ndjson(null, NdjsonFile("x.txt", "x"));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await readOnly.PostAsync("/api/spaces/ada/demo/commit/main", readCommit), "can only read");
        using var bobForm = Form([], ("files", "x.txt", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await bob.PostAsync("/api/spaces/ada/demo/upload/main", bobForm), "cannot write");
        using var anonymousCommit = Ndjson(null, NdjsonFile("x.txt", "x"));
        await ApiAssert.StatusAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsync("/api/spaces/ada/demo/commit/main", anonymousCommit));
        await ApiAssert.StatusAsync(HttpStatusCode.Forbidden,
            await readOnly.PostAsJsonAsync("/api/spaces/ada/demo/preupload/main", new { files = new[] { new { path = "a", size = 1, sample = "" } } }));

        Assert.Equal("# demo", (await ReadAsync(readOnly, "/spaces/ada/demo/resolve/main/README.md")).Split('\n').First(l => l.StartsWith('#')));
        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task A_login_session_uploads_from_the_platform_but_not_from_another_site()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var register = await browser.GetStringAsync("/register");
        var antiforgery = Regex.Match(register, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var registration = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "ada", ["Input.Password"] = "correct horse battery", ["_handler"] = "register",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
        });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/register", registration)).StatusCode);
        await CreateSpaceAsync(browser, "demo");
        var head = await HeadAsync(browser, "ada/demo");

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/spaces/ada/demo/upload/main") { Content = Form([], ("files", "evil.txt", Utf8("x"))) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await browser.SendAsync(crossSite), "platform's own pages");
        Assert.Equal(head, await HeadAsync(browser, "ada/demo"));
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/spaces/ada/demo/upload/main") { Content = Form([], ("files", "ok.txt", Utf8("ok"))) };
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await browser.SendAsync(sameOrigin));

        Assert.Equal("ok", await ReadAsync(browser, "/spaces/ada/demo/resolve/main/ok.txt"));
        Assert.DoesNotContain("evil.txt", await FilesAsync(browser, "ada/demo"));
    }

    private async Task<HttpClient> OwnerWithSpaceAsync()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        var ada = _factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        return ada;
    }

    private static async Task<string> UploadAsync(HttpClient client, params (string Field, string FileName, byte[] Content)[] files)
    {
        using var form = Form([], files);
        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.PostAsync("/api/spaces/ada/demo/upload/main", form));
        return answer.GetProperty("commitOid").GetString()!;
    }

    private static Task<HttpResponseMessage> RangeAsync(HttpClient client, RangeHeaderValue range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/spaces/ada/demo/resolve/main/data.bin");
        request.Headers.Range = range;
        return client.SendAsync(request);
    }

    private async Task<string> TokenAsync(Account user, TokenRole role)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(user, "read-only", role)).Secret;
    }

    private async Task TagAsync(string owner, string name, string tag, string commit)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var repo = await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, owner, name);
        var gitDir = scope.ServiceProvider.GetRequiredService<RepoStorage>().PathOf(repo!);
        using var git = Process.Start(new ProcessStartInfo("git", ["--git-dir", gitDir, "tag", tag, commit]))!;
        await git.WaitForExitAsync();
        Assert.Equal(0, git.ExitCode);
    }

    // git's blob id: SHA-1 over "blob <size>\0" and the content.
    private static string BlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. System.Text.Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
}
