using System.Net;
using System.Net.Http.Json;
using Spaces.Web.Tests.Api;
using static Spaces.Web.Tests.Api.RepoFilesKit;

namespace Spaces.Web.Tests.Security;

/// <summary>
/// Actor x endpoint x visibility. The Space lab/demo belongs to the organization lab: ada is its admin, carol a read member,
/// bob a stranger. Private means 404 to strangers and anonymous callers on every read endpoint; writes need a write credential of
/// a writer (401 anonymous, 403 known readers, 404 for those who cannot even read a private Space).
/// </summary>
public sealed class AuthorizationMatrixTests : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    private readonly Fixture _fixture;

    public AuthorizationMatrixTests(Fixture fixture) => _fixture = fixture;

    public sealed class Fixture : IAsyncLifetime
    {
        public SpacesWebFactory Factory { get; } = new();

        public Dictionary<string, HttpClient> Actors { get; } = [];

        public async Task InitializeAsync()
        {
            var (_, ada) = await Factory.CreateUserAsync("ada");
            var (_, bob) = await Factory.CreateUserAsync("bob");
            var (_, carol) = await Factory.CreateUserAsync("carol");
            Actors["owner"] = Factory.CreateClient(ada);
            Actors["stranger"] = Factory.CreateClient(bob);
            Actors["org reader"] = Factory.CreateClient(carol);
            Actors["anonymous"] = Factory.CreateClient();
            var owner = Actors["owner"];
            await ApiAssert.StatusAsync(HttpStatusCode.Created, await owner.PostAsJsonAsync("/api/organizations/create", new { name = "lab" }));
            await ApiAssert.StatusAsync(HttpStatusCode.NoContent, await owner.PutAsJsonAsync("/api/organizations/lab/members/carol", new { role = "read" }));
            var readToken = await ApiAssert.StatusAsync(HttpStatusCode.Created, await owner.PostAsJsonAsync("/api/settings/tokens", new { name = "ro", role = "read" }));
            Actors["owner read token"] = Factory.CreateClient(readToken.GetProperty("token").GetString()!);
            foreach (var visibility in new[] { "public", "private" })
            {
                await ApiAssert.StatusAsync(HttpStatusCode.OK, await owner.PostAsJsonAsync("/api/repos/create",
                    new { name = $"demo-{visibility}", organization = "lab", type = "space", sdk = "static", @private = visibility == "private" }));
                using var form = Form([("summary", "files")], ("file", "index.html", Utf8("<p>hello</p>")));
                await ApiAssert.StatusAsync(HttpStatusCode.OK, await owner.PostAsync($"/api/spaces/lab/demo-{visibility}/upload/main", form));
            }
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private static readonly string[] ReadEndpoints =
    [
        "/api/spaces/lab/demo-{v}",
        "/api/spaces/lab/demo-{v}/tree/main",
        "/spaces/lab/demo-{v}/resolve/main/index.html",
        "/api/spaces/lab/demo-{v}/commits/main",
        "/api/spaces/lab/demo-{v}/refs",
        "/api/spaces/lab/demo-{v}/revision/main",
    ];

    private static readonly string[] ActorNames = ["owner", "owner read token", "org reader", "stranger", "anonymous"];

    public static TheoryData<string, string, string> ReadMatrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var visibility in new[] { "public", "private" })
        {
            foreach (var actor in ActorNames)
            {
                foreach (var endpoint in ReadEndpoints)
                {
                    data.Add(visibility, actor, endpoint);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReadMatrix))]
    public async Task Reads(string visibility, string actor, string endpoint)
    {
        var canRead = visibility == "public" || actor is "owner" or "owner read token" or "org reader";

        using var response = await _fixture.Actors[actor].GetAsync(endpoint.Replace("{v}", visibility, StringComparison.Ordinal));

        Assert.Equal(canRead ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("public")]
    [InlineData("private")]
    public async Task Listings_show_private_spaces_only_to_those_who_can_read_them(string visibility)
    {
        foreach (var actor in ActorNames)
        {
            var canRead = visibility == "public" || actor is "owner" or "owner read token" or "org reader";
            var list = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _fixture.Actors[actor].GetAsync("/api/spaces?author=lab"));
            var listed = list.EnumerateArray().Any(e => e.GetProperty("id").GetString() == $"lab/demo-{visibility}");
            Assert.True(canRead == listed, $"{actor} {(listed ? "sees" : "does not see")} the {visibility} Space");
        }
    }

    public static TheoryData<string, string, string> WriteMatrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var visibility in new[] { "public", "private" })
        {
            foreach (var actor in ActorNames.Where(a => a != "owner"))
            {
                foreach (var endpoint in new[] { "commit", "settings", "variables", "like" })
                {
                    data.Add(visibility, actor, endpoint);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WriteMatrix))]
    public async Task Writes_by_anyone_but_a_writer_are_refused_and_change_nothing(string visibility, string actor, string endpoint)
    {
        var client = _fixture.Actors[actor];
        var id = $"lab/demo-{visibility}";
        var before = await HeadAsync(_fixture.Actors["owner"], id);
        var canRead = visibility == "public" || actor is "owner read token" or "org reader";

        using var response = endpoint switch
        {
            "commit" => await client.PostAsync($"/api/spaces/{id}/commit/main", Ndjson(null, NdjsonFile("x.txt", "x"))),
            "settings" => await client.PutAsJsonAsync($"/api/spaces/{id}/settings", new { visibility = "public" }),
            "variables" => await client.PostAsJsonAsync($"/api/spaces/{id}/variables", new { key = "K", value = "v" }),
            _ => await client.PostAsync($"/api/spaces/{id}/like", null),
        };

        var expected = (actor, canRead, endpoint) switch
        {
            ("anonymous", false, _) => HttpStatusCode.NotFound,
            ("anonymous", true, _) => HttpStatusCode.Unauthorized,
            (_, false, _) => HttpStatusCode.NotFound,
            ("owner read token", true, _) => HttpStatusCode.Forbidden,
            (_, true, "like") => HttpStatusCode.OK,
            _ => HttpStatusCode.Forbidden,
        };
        if (actor == "anonymous" && endpoint == "variables")
        {
            expected = HttpStatusCode.Unauthorized;
        }

        Assert.True(expected == response.StatusCode, $"{actor} {endpoint} on {visibility}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await HeadAsync(_fixture.Actors["owner"], id));
        var info = await ApiAssert.StatusAsync(HttpStatusCode.OK, await _fixture.Actors["owner"].GetAsync($"/api/spaces/{id}"));
        Assert.Equal(visibility == "private", info.GetProperty("private").GetBoolean());
    }
}
