using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Core.Repositories;
using static Spaces.Web.Tests.Api.RepoFilesKit;

namespace Spaces.Web.Tests.Api;

/// <summary>
/// Uploads stream straight into the repository's object store: large files arrive byte-identical, and a refused or cut-off
/// upload leaves the branch, the tree and the staging folder as they were.
/// </summary>
public sealed class RepoFilesStreamingTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly SpacesWebFactory _factory = new SpacesWebFactory().With("Spaces:Uploads:MaxFileBytes", (32 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_large_upload_is_committed_and_reads_back_byte_identical()
    {
        using var ada = await OwnerWithSpaceAsync();
        var weights = RandomNumberGenerator.GetBytes(24 * MiB + 3);
        var inline = RandomNumberGenerator.GetBytes(3 * MiB + 1);

        using var form = Form([("summary", "Add weights")], ("files", "models/weights.bin", weights));
        var answer = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form));
        using var ndjson = Ndjson(answer.GetProperty("commitOid").GetString(),
            new { key = "file", value = new { path = "inline.bin", content = Convert.ToBase64String(inline), encoding = "base64" } });
        var second = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.PostAsync("/api/spaces/ada/demo/commit/main", ndjson));

        Assert.Equal(second.GetProperty("commitOid").GetString(), await HeadAsync(ada, "ada/demo"));
        Assert.Equal(weights, await ada.GetByteArrayAsync("/spaces/ada/demo/resolve/main/models/weights.bin"));
        Assert.Equal(inline, await ada.GetByteArrayAsync("/spaces/ada/demo/resolve/main/inline.bin"));
        var tree = await ApiAssert.StatusAsync(HttpStatusCode.OK, await ada.GetAsync("/api/spaces/ada/demo/tree/main/models"));
        Assert.Equal(BlobId(weights), tree[0].GetProperty("oid").GetString());
        AssertNothingStaged(_factory);
    }

    [Fact]
    public async Task A_refused_oversize_upload_moves_nothing_and_writes_no_blob_of_it()
    {
        using var factory = new SpacesWebFactory().With("Spaces:Uploads:MaxFileBytes", MiB.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (_, token) = await factory.CreateUserAsync("ada");
        using var ada = factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        var head = await HeadAsync(ada, "ada/demo");
        var files = await FilesAsync(ada, "ada/demo");
        var big = RandomNumberGenerator.GetBytes(3 * MiB);

        using var form = Form([], ("files", "ok.txt", Utf8("fits")), ("files", "big.bin", big), ("files", "after.txt", Utf8("never read")));
        await ApiAssert.ErrorAsync(HttpStatusCode.RequestEntityTooLarge, await ada.PostAsync("/api/spaces/ada/demo/upload/main", form),
            "'big.bin' is larger than the limit of 1 MiB per file");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(files, await FilesAsync(ada, "ada/demo"));
        Assert.False(File.Exists(LooseObjectPath(await GitDirAsync(factory), BlobId(big))), "a blob of the refused file was written");
        AssertNothingStaged(factory);
    }

    [Fact]
    public async Task An_upload_cut_off_midway_moves_nothing_and_writes_no_object()
    {
        using var ada = await OwnerWithSpaceAsync();
        var head = await HeadAsync(ada, "ada/demo");
        var files = await FilesAsync(ada, "ada/demo");
        var gitDir = await GitDirAsync(_factory);
        var objects = LooseObjects(gitDir);
        const string boundary = "cut-off-boundary";
        var start = Utf8($"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"weights.bin\"\r\n" +
            "Content-Type: application/octet-stream\r\n\r\n");

        // The body ends inside the file part: no closing boundary ever comes.
        using var body = new StreamContent(new UnsizedStream([.. start, .. RandomNumberGenerator.GetBytes(4 * MiB)]));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        await ApiAssert.ErrorAsync(HttpStatusCode.BadRequest, await ada.PostAsync("/api/spaces/ada/demo/upload/main", body),
            "was cut off");

        Assert.Equal(head, await HeadAsync(ada, "ada/demo"));
        Assert.Equal(files, await FilesAsync(ada, "ada/demo"));
        Assert.Equal(objects, LooseObjects(gitDir));
        AssertNothingStaged(_factory);
    }

    private async Task<HttpClient> OwnerWithSpaceAsync()
    {
        var (_, token) = await _factory.CreateUserAsync("ada");
        var ada = _factory.CreateClient(token);
        await CreateSpaceAsync(ada, "demo");
        return ada;
    }

    private static async Task<string> GitDirAsync(SpacesWebFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var repo = await scope.ServiceProvider.GetRequiredService<RepoService>().FindAsync(RepoType.Space, "ada", "demo");
        return scope.ServiceProvider.GetRequiredService<RepoStorage>().PathOf(repo!);
    }

    private static string BlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private static string LooseObjectPath(string gitDir, string id) => Path.Combine(gitDir, "objects", id[..2], id[2..]);

    private static string[] LooseObjects(string gitDir) =>
        [.. Directory.EnumerateFiles(Path.Combine(gitDir, "objects"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    // A body whose length is not known up front (sent chunked).
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
