using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Accounts;
using Spaces.Core.Repositories;

namespace Spaces.Web.Tests.Api;

public sealed class ReposApiTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_space_is_created_listed_renamed_liked_and_deleted(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (_, token) = await factory.CreateUserAsync("ada");
        using var ada = factory.CreateClient(token);

        var created = await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await ada.PostAsJsonAsync("/api/repos/create", new { name = "demo", type = "space", sdk = "static" }));
        Assert.Equal("ada/demo", created.GetProperty("id").GetString());
        Assert.EndsWith("/spaces/ada/demo", created.GetProperty("url").GetString());

        var info = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo"));
        Assert.Equal("static", info.GetProperty("sdk").GetString());
        Assert.Equal(40, info.GetProperty("sha").GetString()!.Length);
        Assert.Contains(info.GetProperty("siblings").EnumerateArray(), s => s.GetProperty("rfilename").GetString() == "README.md");
        Assert.Equal("demo", info.GetProperty("cardData").GetProperty("title").GetString());
        Assert.Equal("static", info.GetProperty("cardData").GetProperty("sdk").GetString());
        Assert.Equal("ada--demo.spaces.localhost", info.GetProperty("runtime").GetProperty("domains")[0].GetProperty("domain").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("runtime").GetProperty("stage").GetString()));

        var list = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces?search=dem&sort=likes"));
        Assert.Equal(["ada/demo"], list.EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var liked = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/like", null));
        Assert.Equal(1, liked.GetProperty("likes").GetInt32());

        await ApiAssert.StatusAsync(HttpStatusCode.OK,
            await ada.PostAsJsonAsync("/api/repos/move", new { fromRepo = "ada/demo", toRepo = "ada/renamed", type = "space" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await ada.GetAsync("/api/spaces/ada/demo"));
        var renamed = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/renamed"));
        Assert.Equal(1, renamed.GetProperty("likes").GetInt32());
        Assert.Equal(info.GetProperty("sha").GetString(), renamed.GetProperty("sha").GetString());

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/repos/delete") { Content = JsonContent.Create(new { name = "renamed", type = "space" }) };
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.SendAsync(delete));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await ada.GetAsync("/api/spaces/ada/renamed"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(factory.DataDir, "repos")));
    }

    [Fact]
    public async Task Bad_input_gets_a_400_naming_the_problem_and_creates_nothing()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);

        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/repos/create", new { name = "x", type = "space" }), "SDK");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/repos/create", new { name = "a--b", type = "model" }), "not a valid repository name");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/repos/create", new { name = "m", type = "dataset" }), "Unknown repository type");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsJsonAsync("/api/repos/create", new { name = "s", type = "space", sdk = "static", sleepTimeSeconds = 5 }), "sleepTimeSeconds");
        using var notJson = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/repos/create", notJson), "not valid JSON");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.GetAsync("/api/models?sort=best"), "Unknown sort");

        var models = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/models"));
        var spaces = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces"));
        Assert.Empty(models.EnumerateArray());
        Assert.Empty(spaces.EnumerateArray());
    }

    [Fact]
    public async Task Listings_filter_by_a_card_tag_or_an_sdk()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "ocr", type = "space", sdk = "static" }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "chat", type = "space", sdk = "docker" }));
        var readme = "---\ntitle: OCR\nsdk: static\ntags: [Vision, onnx]\n---\n# OCR\n";
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/ocr/commit/main",
            RepoFilesKit.Ndjson(null, RepoFilesKit.NdjsonFile("README.md", readme))));

        var byTag = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces?filter=vision"));
        var bySdk = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces?filter=docker"));
        var none = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces?filter=audio"));

        Assert.Equal(["ada/ocr"], byTag.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["vision", "onnx"], byTag[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()!.ToLowerInvariant()));
        Assert.Equal(["ada/chat"], bySdk.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Empty(none.EnumerateArray());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var client = _factory.CreateClient();

        var document = await ApiAssert.StatusAsync(HttpStatusCode.OK, await client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/repos/create", paths);
        Assert.Contains("/api/whoami-v2", paths);
        Assert.Contains(paths, p => p.StartsWith("/api/spaces/{owner}/{name}/commit/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_taken_name_is_a_409_even_in_another_case_or_spelling()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "My_Model" }));

        await ApiAssert.ErrorAsync(HttpStatusCode.Conflict, await ada.PostAsJsonAsync("/api/repos/create", new { name = "my-model" }), "already exists");
    }

    [Fact]
    public async Task A_private_repo_is_404_to_anonymous_and_other_users_and_visible_to_its_owner()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var ada = _factory.CreateClient(adaToken);
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "secret-demo", type = "space", sdk = "docker", @private = true }));

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/secret-demo"));
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await bob.GetAsync("/api/spaces/ada/secret-demo"), "does not exist");
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/api/spaces/ada/secret-demo"));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await bob.PostAsync("/api/spaces/ada/secret-demo/like", null));
        await ApiAssert.StatusAsync(HttpStatusCode.NotFound, await anonymous.GetAsync("/api/spaces/ada/secret-demo/commits/main"));
        Assert.Empty((await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces"))).EnumerateArray());
        Assert.Empty((await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces?author=ada"))).EnumerateArray());
        Assert.Single((await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces?author=ada"))).EnumerateArray());

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PutAsJsonAsync("/api/spaces/ada/secret-demo/settings", new { visibility = "public" }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/spaces/ada/secret-demo"));
    }

    [Fact]
    public async Task Writes_need_a_write_token_of_someone_allowed()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        string readToken;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var ada = await scope.ServiceProvider.GetRequiredService<AccountService>().FindAsync("ada");
            readToken = (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(ada!, "ro", TokenRole.Read)).Secret;
        }

        using var adaClient = _factory.CreateClient(adaToken);
        using var readOnly = _factory.CreateClient(readToken);
        using var bob = _factory.CreateClient(bobToken);
        using var anonymous = _factory.CreateClient();
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await adaClient.PostAsJsonAsync("/api/repos/create", new { name = "m1" }));

        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await readOnly.PostAsJsonAsync("/api/repos/create", new { name = "m2" }), "cannot create");
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await readOnly.PutAsJsonAsync("/api/models/ada/m1/settings", new { @private = true }), "only read");
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await bob.PutAsJsonAsync("/api/models/ada/m1/settings", new { @private = true }), "cannot write");
        await ApiAssert.StatusAsync(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync("/api/repos/create", new { name = "m3" }));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await bob.PostAsJsonAsync("/api/repos/create", new { name = "m4", organization = "ada" }), "cannot create");
        using var wrongToken = _factory.CreateClient("spc_not-a-real-token");
        await ApiAssert.StatusAsync(HttpStatusCode.Unauthorized, await wrongToken.GetAsync("/api/whoami-v2"));

        var info = await ApiAssert.StatusAsync(HttpStatusCode.OK, await anonymous.GetAsync("/api/models/ada/m1"));
        Assert.False(info.GetProperty("private").GetBoolean());
    }

    [Fact]
    public async Task Organization_members_with_write_create_and_see_private_repos_and_read_members_only_read()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        var (_, carolToken) = await _factory.CreateUserAsync("carol");
        using var ada = _factory.CreateClient(adaToken);
        using var bob = _factory.CreateClient(bobToken);
        using var carol = _factory.CreateClient(carolToken);

        await ApiAssert.StatusAsync(HttpStatusCode.Created, await ada.PostAsJsonAsync("/api/organizations/create", new { name = "lab", displayName = "The Lab" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PutAsJsonAsync("/api/organizations/lab/members/bob", new { role = "write" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PutAsJsonAsync("/api/organizations/lab/members/carol", new { role = "read" }));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await bob.PutAsJsonAsync("/api/organizations/lab/members/bob", new { role = "admin" }), "Only admins");

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.PostAsJsonAsync("/api/repos/create", new { name = "proto", organization = "lab", type = "space", sdk = "docker", @private = true }));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await carol.GetAsync("/api/spaces/lab/proto"));
        await ApiAssert.ErrorAsync(HttpStatusCode.Forbidden, await carol.PostAsJsonAsync("/api/repos/create", new { name = "x", organization = "lab" }), "cannot create");

        var whoami = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/whoami-v2"));
        Assert.Equal("bob", whoami.GetProperty("name").GetString());
        Assert.Equal(("lab", "write"), whoami.GetProperty("orgs").EnumerateArray().Select(o => (o.GetProperty("name").GetString(), o.GetProperty("roleInOrg").GetString())).Single());
        Assert.Equal("write", whoami.GetProperty("auth").GetProperty("accessToken").GetProperty("role").GetString());

        using var remove = new HttpRequestMessage(HttpMethod.Delete, "/api/organizations/lab/members/ada");
        await ApiAssert.ErrorAsync(HttpStatusCode.Conflict, await ada.SendAsync(remove), "last admin");
    }

    [Fact]
    public async Task Duplicating_a_space_copies_files_and_variables_but_never_secrets()
    {
        var (_, adaToken) = await _factory.CreateUserAsync("ada");
        var (_, bobToken) = await _factory.CreateUserAsync("bob");
        using var ada = _factory.CreateClient(adaToken);
        using var bob = _factory.CreateClient(bobToken);
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "app", type = "space", sdk = "docker" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/variables", new { key = "MODEL_SIZE", value = "small" }));
        await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await ada.PostAsJsonAsync("/api/spaces/ada/app/secrets", new { key = "API_KEY", value = "s3cr3t" }));

        var copy = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.PostAsJsonAsync("/api/spaces/ada/app/duplicate", new { repository = "bob/app-copy" }));

        Assert.Equal("bob/app-copy", copy.GetProperty("id").GetString());
        var original = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces/ada/app"));
        var duplicate = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces/bob/app-copy"));
        Assert.Equal(
            original.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()),
            duplicate.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()));
        var commits = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces/bob/app-copy/commits/main"));
        Assert.Equal("Duplicated from ada/app", commits.EnumerateArray().Single().GetProperty("title").GetString());
        var variables = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces/bob/app-copy/variables"));
        Assert.Equal("small", variables.GetProperty("MODEL_SIZE").GetProperty("value").GetString());
        var secrets = await ApiAssert.StatusAsync(HttpStatusCode.OK, await bob.GetAsync("/api/spaces/bob/app-copy/secrets"));
        Assert.Empty(secrets.EnumerateArray());
    }

    [Fact]
    public async Task Commits_and_refs_follow_the_hub_shapes()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "m" }));

        var refs = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/models/ada/m/refs"));
        var commits = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/models/ada/m/commits/main"));

        var main = refs.GetProperty("branches").EnumerateArray().Single();
        Assert.Equal(("main", "refs/heads/main"), (main.GetProperty("name").GetString(), main.GetProperty("ref").GetString()));
        var commit = commits.EnumerateArray().Single();
        Assert.Equal(main.GetProperty("targetCommit").GetString(), commit.GetProperty("id").GetString());
        Assert.Equal("Initial commit", commit.GetProperty("title").GetString());
        Assert.Equal("ada", commit.GetProperty("authors")[0].GetProperty("user").GetString());
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await ada.GetAsync("/api/models/ada/m/commits/nope"), "does not exist");
    }

    [Fact]
    public async Task Creating_and_committing_publish_repo_changes()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        using var ada = _factory.CreateClient(token);
        var events = _factory.Services.GetRequiredService<RepoEvents>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = events.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();

        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/repos/create", new { name = "live", type = "space", sdk = "static" }));

        Assert.True(await next);
        Assert.Equal((RepoType.Space, "ada/live", RepoChangeKind.Created), (watch.Current.Type, watch.Current.FullName, watch.Current.Kind));
        Assert.Equal(40, watch.Current.Commit!.Length);
    }
}
