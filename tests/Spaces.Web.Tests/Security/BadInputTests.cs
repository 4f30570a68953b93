using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Spaces.Core.Persistence;
using Spaces.Web.Tests.Api;
using static Spaces.Web.Tests.Api.RepoFilesKit;

namespace Spaces.Web.Tests.Security;

/// <summary>
/// The bad-input suite: each case gets a clear 4xx naming the problem, and nothing changes — the Space's head, its files, the
/// number of repositories, accounts and tokens are the same before and after.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Fixture>
{
    private readonly Fixture _fixture;

    public BadInputTests(Fixture fixture) => _fixture = fixture;

    /// <summary>One host for the suite: ada owns the public Space ada/target (with a few files); bob is another user.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public SpacesWebFactory Factory { get; } = new SpacesWebFactory().With("Spaces:Uploads:MaxFileBytes", "65536");

        public HttpClient Ada { get; private set; } = null!;

        public HttpClient AdaReadOnly { get; private set; } = null!;

        public HttpClient Bob { get; private set; } = null!;

        public HttpClient Anonymous { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var (_, ada) = await Factory.CreateUserAsync("ada");
            var (_, bob) = await Factory.CreateUserAsync("bob");
            Ada = Factory.CreateClient(ada);
            Bob = Factory.CreateClient(bob);
            Anonymous = Factory.CreateClient();
            var created = await ApiAssert.StatusAsync(HttpStatusCode.Created,
                await Ada.PostAsJsonAsync("/api/settings/tokens", new { name = "ro", role = "read" }));
            AdaReadOnly = Factory.CreateClient(created.GetProperty("token").GetString()!);
            await CreateSpaceAsync(Ada, "target");
            await CreateSpaceAsync(Ada, "other");
            using var form = Form([("summary", "content")], ("file", "index.html", Utf8("<h1>hi</h1>")), ("file", "docs/a.txt", Utf8("a")));
            await ApiAssert.StatusAsync(HttpStatusCode.OK, await Ada.PostAsync("/api/spaces/ada/target/upload/main", form));
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private delegate Task<HttpResponseMessage> Request(Fixture f);

    private static readonly Dictionary<string, (Request Send, HttpStatusCode Status, string Message)> Cases = new()
    {
        ["repo name with --"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "a--b", type = "space", sdk = "static" }), HttpStatusCode.BadRequest, "not a valid repository name"),
        ["repo name ending with a dot"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "model." }), HttpStatusCode.BadRequest, "not a valid repository name"),
        ["repo name too long"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = new string('x', 97) }), HttpStatusCode.BadRequest, "1 to 96"),
        ["repo name ending in .git"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "thing.git" }), HttpStatusCode.BadRequest, ".git"),
        ["unknown repo type"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "d", type = "dataset" }), HttpStatusCode.BadRequest, "Unknown repository type"),
        ["space without sdk"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "nosdk", type = "space" }), HttpStatusCode.BadRequest, "needs an SDK"),
        ["unknown visibility"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "v", visibility = "secret" }), HttpStatusCode.BadRequest, "Unknown visibility"),
        ["name already taken"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "Target", type = "space", sdk = "docker" }), HttpStatusCode.Conflict, "already exists"),
        ["body that is not JSON"] = (f => f.Ada.PostAsync("/api/repos/create", new StringContent("{\"name\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "not valid JSON"),
        ["unknown repo"] = (f => f.Ada.GetAsync("/api/spaces/ada/no-such-space"), HttpStatusCode.NotFound, "does not exist"),
        ["wrong token"] = (f => SendWithToken(f, "spc_wrong", HttpMethod.Get, "/api/whoami-v2"), HttpStatusCode.Unauthorized, ""),
        ["read token writing"] = (f => f.AdaReadOnly.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile("x.txt", "x"))), HttpStatusCode.Forbidden, "only read"),
        ["another user writing"] = (f => f.Bob.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile("x.txt", "x"))), HttpStatusCode.Forbidden, "cannot write"),
        ["anonymous writing"] = (f => f.Anonymous.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile("x.txt", "x"))), HttpStatusCode.Unauthorized, "access token"),
        ["stale parent commit"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(new string('a', 40), NdjsonFile("x.txt", "x"))), HttpStatusCode.PreconditionFailed, "not the expected parent"),
        ["traversal in an NDJSON path"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile("../escape.txt", "x"))), HttpStatusCode.BadRequest, "'..'"),
        ["absolute NDJSON path"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile("/etc/passwd", "x"))), HttpStatusCode.BadRequest, "absolute"),
        ["writing into .git"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonFile(".git/config", "x"))), HttpStatusCode.BadRequest, ".git"),
        ["invalid base64"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", new StringContent(
            "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"a.bin\",\"content\":\"@@@not base64@@@\",\"encoding\":\"base64\"}}\n",
            Encoding.UTF8, "application/x-ndjson")), HttpStatusCode.BadRequest, "Line 2"),
        ["LFS pointer upload"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null,
            new { key = "lfsFile", value = new { path = "w.bin", algo = "sha256", oid = new string('0', 64), size = 10 } })), HttpStatusCode.BadRequest, "LFS"),
        ["commit to another branch"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/dev", Ndjson(null, NdjsonFile("x.txt", "x"))), HttpStatusCode.BadRequest, "main"),
        ["deleting a missing file"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/commit/main", Ndjson(null, NdjsonDelete("nope.txt"))), HttpStatusCode.NotFound, "no such file"),
        ["a file over the size limit"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/upload/main",
            Form([("summary", "big")], ("file", "big.bin", new byte[70_000]))), HttpStatusCode.RequestEntityTooLarge, "big.bin"),
        ["traversal in a zip"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/upload/main",
            Form([("summary", "zip")], ("archive", "evil.zip", Zip(("ok.txt", Utf8("ok")), ("../evil.txt", Utf8("evil")))))), HttpStatusCode.BadRequest, "../evil.txt"),
        ["zip bomb"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/upload/main",
            Form([("summary", "bomb")], ("archive", "bomb.zip", Zip(("zeros.bin", new byte[60_000_000]))))), HttpStatusCode.RequestEntityTooLarge, "zeros.bin"),
        ["symlink in a tar"] = (f => f.Ada.PostAsync("/api/spaces/ada/target/upload/main",
            Form([("summary", "tar")], ("archive", "link.tar.gz", TarGz(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "passwd") { LinkName = "/etc/passwd" })))), HttpStatusCode.BadRequest, "passwd"),
        ["traversal in a resolve URL (encoded slashes)"] = (f => f.Ada.GetAsync("/spaces/ada/target/resolve/main/docs%2F..%2F..%2F..%2Fetc%2Fpasswd"), HttpStatusCode.NotFound, "does not exist"),
        ["traversal in a resolve URL (encoded dots)"] = (f => f.Ada.GetAsync("/spaces/ada/target/resolve/main/docs/%2E%2E/%2E%2E/%2E%2E/etc/passwd"), HttpStatusCode.NotFound, ""),
        ["unsatisfiable range"] = (f => SendWithRange(f, "/spaces/ada/target/resolve/main/index.html", "bytes=5000-6000"), HttpStatusCode.RequestedRangeNotSatisfiable, ""),
        ["unknown revision"] = (f => f.Ada.GetAsync("/api/spaces/ada/target/tree/no-such-branch"), HttpStatusCode.NotFound, "no-such-branch"),
        ["unknown sort"] = (f => f.Ada.GetAsync("/api/spaces?sort=best"), HttpStatusCode.BadRequest, "Unknown sort"),
        ["limit out of range"] = (f => f.Ada.GetAsync("/api/spaces?limit=0"), HttpStatusCode.BadRequest, "limit"),
        ["move onto an existing repo"] = (f => f.Ada.PostAsJsonAsync("/api/repos/move", new { fromRepo = "ada/target", toRepo = "ada/other", type = "space" }), HttpStatusCode.Conflict, "already exists"),
        ["sleep time too short"] = (f => f.Ada.PostAsJsonAsync("/api/repos/create", new { name = "sleepy", type = "space", sdk = "static", sleepTimeSeconds = 10 }), HttpStatusCode.BadRequest, "sleepTimeSeconds"),
        ["token with an unknown role"] = (f => f.Ada.PostAsJsonAsync("/api/settings/tokens", new { name = "t", role = "owner" }), HttpStatusCode.BadRequest, "Unknown token role"),
        ["secret named like a built-in"] = (f => f.Ada.PostAsJsonAsync("/api/spaces/ada/target/secrets", new { key = "SPACE_ID", value = "x" }), HttpStatusCode.BadRequest, "set by the platform"),
        ["variable without a value"] = (f => f.Ada.PostAsJsonAsync("/api/spaces/ada/target/variables", new { key = "MODE" }), HttpStatusCode.BadRequest, "value is missing"),
        ["member that does not exist"] = (f => f.Ada.PutAsJsonAsync("/api/organizations/ada/members/ghost", new { role = "read" }), HttpStatusCode.NotFound, "no organization"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void The_suite_has_at_least_25_cases() => Assert.True(Cases.Count >= 25, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_gets_a_clear_4xx_and_changes_nothing(string name)
    {
        var (send, status, message) = Cases[name];
        var before = await SnapshotAsync();

        using var response = await send(_fixture);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"{name}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(message, ErrorText(body), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("root:x:0:0", body, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        AssertNothingStaged(_fixture.Factory);
    }

    // The JSON error's message when the body is one (its quotes unescaped), else the body as it is.
    private static string ErrorText(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? body : body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    private async Task<string> SnapshotAsync()
    {
        var head = await HeadAsync(_fixture.Ada, "ada/target");
        var files = string.Join(',', await FilesAsync(_fixture.Ada, "ada/target"));
        await using var scope = _fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SpacesDbContext>();
        var counts = $"{await db.Repos.CountAsync()} repos, {await db.Accounts.CountAsync()} accounts, {await db.AccessTokens.CountAsync()} tokens, " +
            $"{await db.SpaceVariables.CountAsync()} variables, {await db.SpaceSecrets.CountAsync()} secrets";
        return $"{head} [{files}] {counts}";
    }

    private static Task<HttpResponseMessage> SendWithToken(Fixture f, string token, HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return f.Anonymous.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendWithRange(Fixture f, string url, string range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", range);
        return f.Ada.SendAsync(request);
    }
}
