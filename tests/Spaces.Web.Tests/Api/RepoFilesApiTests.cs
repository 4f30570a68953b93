using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using static Spaces.Web.Tests.Api.RepoFilesKit;

namespace Spaces.Web.Tests.Api;

/// <summary>Writing files: multipart uploads (files, folders, archives), the Hub's preupload and NDJSON commit, and their refusals.</summary>
public sealed class RepoFilesApiTests : IDisposable
{
    private readonly SpacesWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string> Databases => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Files_and_a_folder_are_uploaded_committed_and_read_back(string database)
    {
        using var factory = database == "postgres" ? new SpacesWebFactory().UsePostgres() : new SpacesWebFactory();
        var (_, token) = await factory.CreateUserAsync("ada");
        using var ada = factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        var parent = await HeadAsync(ada, "ada/demo");
        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changes = factory.Services.GetRequiredService<RepoEvents>().WatchAsync(watch.Token).GetAsyncEnumerator(watch.Token);
        var changed = changes.MoveNextAsync();

        using var form = Form(
            [("summary", "Add the app"), ("description", "first upload"), ("parentCommit", parent)],
            ("files", "index.html", Utf8("<h1>hello</h1>")),
            ("files", "static/css/site.css", Utf8("body { color: red }")),
            ("static/js/app.js", "app.js", Utf8("console.log(1)")));
        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));

        var commit = answer.GetProperty("commitOid").GetString();
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(commit, await HeadAsync(ada, "ada/demo"));
        Assert.EndsWith($"/spaces/ada/demo/commit/{commit}", answer.GetProperty("commitUrl").GetString());
        Assert.Equal(".gitattributes,README.md,index.html,static/css/site.css,static/js/app.js", string.Join(',', await FilesAsync(ada, "ada/demo")));
        Assert.Equal("<h1>hello</h1>", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/index.html"));
        Assert.Equal("body { color: red }", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/static/css/site.css"));
        Assert.Equal("console.log(1)", await ReadAsync(ada, $"/spaces/ada/demo/resolve/{commit}/static/js/app.js"));
        Assert.True(await changed);
        Assert.Equal((RepoChangeKind.Committed, commit), (changes.Current.Kind, changes.Current.Commit));
        var history = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo/commits/main"));
        Assert.Equal("Add the app", history[0].GetProperty("title").GetString());

        using var ndjson = Ndjson(commit, NdjsonFile("app.py", "print('hi')"), NdjsonDelete("index.html"));
        var second = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/commit/main", ndjson));
        Assert.Equal("print('hi')", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/app.py"));
        Assert.DoesNotContain("index.html", await FilesAsync(ada, "ada/demo"));
        Assert.Equal(second.GetProperty("commitOid").GetString(), await HeadAsync(ada, "ada/demo"));
        AssertNothingStaged(factory);
    }

    [Fact]
    public async Task A_target_folder_prefixes_every_uploaded_file()
    {
        using var ada = await OwnerWithSpaceAsync();

        using var form = Form([("path", "/assets/img/")], ("file", "logo.svg", Utf8("<svg/>")), ("file", "icons/a.svg", Utf8("<svg id='a'/>")));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));

        Assert.Equal("<svg/>", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/assets/img/logo.svg"));
        Assert.Equal("<svg id='a'/>", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/assets/img/icons/a.svg"));
    }

    [Fact]
    public async Task A_zip_is_unpacked_into_the_repo_with_its_paths_kept()
    {
        using var ada = await OwnerWithSpaceAsync();
        var zip = Zip(("site/index.html", Utf8("<p>zip</p>")), ("site/js/a.js", Utf8("let a")), ("__MACOSX/site/._index.html", Utf8("junk")));

        using var form = Form([("unpack", "true"), ("summary", "Unpack site")], ("files", "site.zip", zip));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));

        Assert.Equal(".gitattributes,README.md,site/index.html,site/js/a.js", string.Join(',', await FilesAsync(ada, "ada/demo")));
        Assert.Equal("<p>zip</p>", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/site/index.html"));
    }

    [Fact]
    public async Task A_tar_gz_sent_as_archive_is_unpacked_below_the_target_folder()
    {
        using var ada = await OwnerWithSpaceAsync();
        var tgz = TarGz(new PaxTarEntry(TarEntryType.Directory, "./"), TarFile("./main.py", "import os"), TarFile("lib/util.py", "X = 1"));

        using var form = Form([("path", "app")], ("archive", "code.tgz", tgz));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));

        Assert.Equal(".gitattributes,README.md,app/lib/util.py,app/main.py", string.Join(',', await FilesAsync(ada, "ada/demo")));
        Assert.Equal("X = 1", await ReadAsync(ada, "/spaces/ada/demo/resolve/main/app/lib/util.py"));
    }

    [Fact]
    public async Task Without_unpack_an_archive_is_stored_as_a_file()
    {
        using var ada = await OwnerWithSpaceAsync();
        var zip = Zip(("a.txt", Utf8("a")));

        using var form = Form([], ("files", "bundle.zip", zip));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));

        using var response = await ada.GetAsync("/spaces/ada/demo/resolve/main/bundle.zip");
        Assert.Equal(zip, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_with_413_and_nothing_is_committed()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");
        var bomb = Zip(("ok.txt", Utf8("fine")), ("zeros.bin", new byte[20 * 1024 * 1024]));
        Assert.True(bomb.Length < 100 * 1024);

        using var form = Form([("unpack", "true")], ("files", "bomb.zip", bomb));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form),
            "'bomb.zip:zeros.bin' expands more than 100:1");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(".gitattributes,README.md", string.Join(',', await FilesAsync(ada, "ada/demo")));
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task A_zip_with_a_traversal_path_is_refused_with_400_and_nothing_is_committed()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");
        var zip = Zip(("good.txt", Utf8("good")), ("../evil", Utf8("evil")));

        using var form = Form([("unpack", "true")], ("files", "bad.zip", zip));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form),
            "'bad.zip:../evil' cannot be uploaded: '..' segments are not allowed");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(".gitattributes,README.md", string.Join(',', await FilesAsync(ada, "ada/demo")));
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task A_tar_with_a_symlink_is_refused_with_400()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");
        var tgz = TarGz(TarFile("ok.txt", "ok"), new PaxTarEntry(TarEntryType.SymbolicLink, "secrets") { LinkName = "/etc/shadow" });

        using var form = Form([], ("archive", "links.tar.gz", tgz));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form),
            "'links.tar.gz:secrets' cannot be uploaded: symbolic and hard links are not allowed");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
    }

    [Fact]
    public async Task Bad_uploads_get_a_clear_400_and_change_nothing()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");

        using var traversal = Form([], ("files", "../../etc/passwd", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", traversal), "'..' segments are not allowed");
        using var gitDir = Form([], ("files", ".git/hooks/post-update", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", gitDir), "'.git' cannot be written");
        using var clash = Form([], ("files", "a", Utf8("x")), ("files", "a/b", Utf8("y")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", clash), "also has a file named 'a'");
        using var late = Form([], ("files", "a.txt", Utf8("x")));
        late.Add(new StringContent("sub"), "path");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", late), "before the files");
        using var notArchive = Form([], ("archive", "notes.txt", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", notArchive), "not a .zip");
        using var corrupt = Form([("unpack", "1")], ("files", "broken.zip", Utf8("PK this is no zip")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", corrupt), "not a readable zip archive");
        using var empty = Form([("summary", "nothing")]);
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", empty), "holds no files");
        using var branch = Form([], ("files", "a.txt", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/dev", branch), "only be made to 'main'");
        using var notForm = new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", notForm), "multipart/form-data");
        using var badParent = Form([("parentCommit", "main")], ("files", "a.txt", Utf8("x")));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", badParent), "full commit id");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task Size_limits_are_enforced_with_413_naming_the_file_and_the_limit()
    {
        using var factory = new SpacesWebFactory()
            .With("Spaces:Uploads:MaxFileBytes", "1024")
            .With("Spaces:Uploads:MaxRequestBytes", "8192")
            .With("Spaces:Uploads:MaxFiles", "2");
        var (_, token) = await factory.CreateUserAsync("ada");
        using var ada = factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        var head = await HeadAsync(ada, "ada/demo");

        using var big = Form([], ("files", "big.bin", new byte[2000]));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/upload/main", big),
            "'big.bin' is larger than the limit of 1 KiB per file");
        using var request = Form([], ("files", "a.bin", new byte[1000]), ("files", "b.bin", new byte[9000]));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/upload/main", request),
            "larger than the limit of 8 KiB");
        using var many = Form([], ("files", "1.txt", Utf8("1")), ("files", "2.txt", Utf8("2")), ("files", "3.txt", Utf8("3")));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/upload/main", many),
            "more than 2 files");
        using var ndjson = Ndjson(null, NdjsonFile("big.txt", new string('x', 5000)));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/commit/main", ndjson),
            "'big.txt' is larger than the limit of 1 KiB");
        // Without a Content-Length the body is cut off while it streams.
        var header = $"{{\"key\":\"header\",\"value\":{{\"summary\":\"s\",\"description\":\"{new string('d', 9000)}\"}}}}\n";
        using var ndjsonRequest = new StreamContent(new UnsizedStream(Utf8(header)));
        ndjsonRequest.Headers.ContentType = new("application/x-ndjson");
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/commit/main", ndjsonRequest),
            "larger than the limit of 8 KiB");
        var preupload = await ada.PostAsJsonAsync("/api/spaces/ada/demo/preupload/main", new { files = new[] { new { path = "w.bin", size = 5000, sample = "" } } });
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, preupload, "'w.bin' is larger than the limit of 1 KiB");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        AssertNothingStaged(factory);
    }

    [Fact]
    public async Task Preupload_answers_regular_for_every_file()
    {
        using var ada = await OwnerWithSpaceAsync();

        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/demo/preupload/main",
            new { files = new[] { new { path = "model.onnx", size = 10_000_000, sample = "AAAA" }, new { path = "a/b.txt", size = 3, sample = "YWJj" } } }));

        Assert.Equal(
            [("model.onnx", "regular", false), ("a/b.txt", "regular", false)],
            answer.GetProperty("files").EnumerateArray().Select(f =>
                (f.GetProperty("path").GetString(), f.GetProperty("uploadMode").GetString(), f.GetProperty("shouldIgnore").GetBoolean())));
    }

    [Fact]
    public async Task A_stale_parent_commit_is_a_412_and_nothing_is_written()
    {
        using var ada = await OwnerWithSpaceAsync();
        var first = await HeadAsync(ada, "ada/demo");
        using var moving = Ndjson(first, NdjsonFile("one.txt", "1"));
        await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/commit/main", moving));
        var second = await HeadAsync(ada, "ada/demo");

        using var stale = Ndjson(first, NdjsonFile("two.txt", "2"), NdjsonDelete("one.txt"));
        await ApiAssert.ErrorAsync(HttpStatusCode.PreconditionFailed, await ada.PostAsync("/api/spaces/ada/demo/commit/main", stale), "expected parent");
        using var staleUpload = Form([("parentCommit", first)], ("files", "three.txt", Utf8("3")));
        await ApiAssert.StatusAsync(HttpStatusCode.PreconditionFailed, await ada.PostAsync("/api/spaces/ada/demo/upload/main", staleUpload));

        Assert.Equal(second, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(".gitattributes,README.md,one.txt", string.Join(',', await FilesAsync(ada, "ada/demo")));
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task Bad_ndjson_lines_are_a_400_naming_the_line_and_nothing_is_written()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");

        using var lfs = Ndjson(null, NdjsonFile("a.txt", "a"), new { key = "lfsFile", value = new { path = "w.bin", algo = "sha256", oid = "ab", size = 2 } });
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/commit/main", lfs),
            "Line 3: LFS uploads are not supported; send the content inline");
        using var broken = new StringContent("{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"x\",\"content\":\"!!\"}}\n", Encoding.UTF8, "application/x-ndjson");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/commit/main", broken), "Line 2: 'content' of 'x'");
        using var missing = Ndjson(null, NdjsonDelete("nope.txt"));
        await ApiAssert.ErrorAsync(HttpStatusCode.NotFound, await ada.PostAsync("/api/spaces/ada/demo/commit/main", missing), "nope.txt");
        using var wrongType = new StringContent("x", Encoding.UTF8, "text/plain");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/commit/main", wrongType), "application/x-ndjson");
        using var pr = Ndjson(null, NdjsonFile("a.txt", "a"));
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/commit/main?create_pr=1", pr), "Pull requests");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(".gitattributes,README.md", string.Join(',', await FilesAsync(ada, "ada/demo")));
    }

    [Fact]
    public async Task The_json_form_of_a_commit_is_accepted()
    {
        using var ada = await OwnerWithSpaceAsync();

        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsJsonAsync("/api/spaces/ada/demo/commit/main", new
        {
            summary = "json commit",
            files = new[] { new { path = "data/x.json", content = Convert.ToBase64String(Utf8("{\"a\":1}")), encoding = "base64" } },
            deletedFiles = new[] { new { path = ".gitattributes" } },
        }));

        Assert.Equal(answer.GetProperty("commitOid").GetString(), await HeadAsync(ada, "ada/demo"));
        Assert.Equal("README.md,data/x.json", string.Join(',', await FilesAsync(ada, "ada/demo")));
    }

    private async Task<HttpClient> OwnerWithSpaceAsync()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        var ada = _factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        return ada;
    }

    // A body whose length is not known up front (sent chunked).
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
