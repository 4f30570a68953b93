using System.Text;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Uploads;

namespace Spaces.Core.Tests.Repositories.Uploads;

public sealed class NdjsonCommitReaderTests : IDisposable
{
    private readonly UploadStaging _staging = new(new UploadLimits());

    public void Dispose() => _staging.Dispose();

    [Fact]
    public async Task Header_files_and_deletions_are_read_in_order()
    {
        var body = Lines(
            """{"key":"header","value":{"summary":"Add app","description":"details","parentCommit":"0123456789abcdef0123456789abcdef01234567"}}""",
            File("app.py", "print('hi')"),
            """{"value":{"path":"old.txt"},"key":"deletedFile"}""",
            "",
            """{"key":"deletedFolder","value":{"path":"build/"}}""");

        var header = await ReadAsync(body);

        Assert.Equal(new CommitHeader("Add app", "details", "0123456789abcdef0123456789abcdef01234567"), header);
        var operations = _staging.Operations;
        Assert.Equal(["app.py", "old.txt", "build"], operations.Select(o => o.Path));
        Assert.IsType<PutFile>(operations[0]);
        Assert.IsType<DeleteFile>(operations[1]);
        Assert.IsType<DeleteFolder>(operations[2]);
        Assert.Equal("print('hi')", (await ArchiveUnpackerTests.ContentsAsync(_staging))["app.py"]);
    }

    [Fact]
    public async Task Large_contents_spread_over_many_buffers_and_escaped_slashes_decode_exactly()
    {
        var big = new byte[700_001];
        Random.Shared.NextBytes(big);
        var escaped = Convert.ToBase64String(Encoding.UTF8.GetBytes("a/b?c>>>~~~")).Replace("/", "\\/", StringComparison.Ordinal);
        var body = Lines(
            """{"key":"header","value":{"summary":"big"}}""",
            $$$"""{"key":"file","value":{"path":"big.bin","content":"{{{Convert.ToBase64String(big)}}}","encoding":"base64"}}""",
            $$$"""{"key":"file","value":{"path":"esc.txt","content":"{{{escaped}}}","encoding":"base64"}}""") + "\r\n";

        await ReadAsync(body);

        var put = _staging.Operations.OfType<PutFile>().First(p => p.Path == "big.bin");
        var copy = new MemoryStream();
        await put.Content.CopyToAsync(copy);
        Assert.Equal(big, copy.ToArray());
        Assert.Equal("a/b?c>>>~~~", (await ArchiveUnpackerTests.ContentsAsync(_staging))["esc.txt"]);
    }

    [Theory]
    [InlineData("""{"key":"lfsFile","value":{"path":"w.bin","algo":"sha256","oid":"abc","size":3}}""", "Line 2: LFS uploads are not supported; send the content inline")]
    [InlineData("""{"key":"file","value":{"path":"a.txt","content":"@@@@"}}""", "Line 2: 'content' of 'a.txt': the content is not valid base64")]
    [InlineData("""{"key":"file","value":{"path":"../x","content":"eA=="}}""", "Line 2: Invalid path '../x'")]
    [InlineData("""{"key":"file","value":{"content":"eA=="}}""", "Line 2: 'path' is missing")]
    [InlineData("""{"key":"file","value":{"path":"a","content":"eA==","encoding":"utf-8"}}""", "Line 2: encoding 'utf-8' is not supported")]
    [InlineData("""{"key":"rename","value":{"path":"a"}}""", "Line 2: unknown key 'rename'")]
    [InlineData("""{"key":"file","value":{"path":"a","content":"eA==""", "Line 2: not valid JSON")]
    [InlineData("""[1,2]""", "Line 2: expected a JSON object")]
    [InlineData("""{"key":"header","value":{"summary":"again"}}""", "Line 2: the header must come once")]
    public async Task Bad_lines_are_refused_with_their_number_and_problem(string line, string message)
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync(Lines("""{"key":"header","value":{"summary":"s"}}""", line)));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.StartsWith(message, problem.Message);
    }

    [Theory]
    [InlineData("", "Line 1: the body is empty")]
    [InlineData("""{"key":"file","value":{"path":"a","content":"eA=="}}""", "Line 1: the first line must be the header")]
    [InlineData("""{"key":"header","value":{"summary":""}}""", "Line 1: the commit needs a 'summary'")]
    [InlineData("""{"key":"header","value":{"summary":"s","parentCommit":"main"}}""", "Line 1: 'parentCommit' must be a full commit id")]
    [InlineData("""{"key":"header","value":{"summary":"s"}}""", "Line 1: the commit has no files or deletions")]
    public async Task Missing_or_bad_headers_are_refused(string body, string message)
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => ReadAsync(body));

        Assert.StartsWith(message, problem.Message);
    }

    [Fact]
    public async Task A_line_longer_than_a_file_may_be_is_refused_as_too_large()
    {
        var staging = new UploadStaging(new UploadLimits { MaxFileBytes = 1024 });
        try
        {
            var body = Lines("""{"key":"header","value":{"summary":"s"}}""", File("a.bin", new string('x', 200_000)));

            var problem = await Assert.ThrowsAsync<ProblemException>(() => NdjsonCommitReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), staging));

            Assert.StartsWith("Line 2: the line is longer than", problem.Message);
            Assert.Empty(staging.Files);
        }
        finally
        {
            staging.Dispose();
        }
    }

    [Fact]
    public async Task The_json_form_reads_files_and_deletions()
    {
        var body = $$"""
            {"summary":"json","description":"d","files":[{"path":"a.txt","content":"{{Convert.ToBase64String("A"u8.ToArray())}}","encoding":"base64"}],
             "deletedFiles":[{"path":"b.txt"},"c.txt"],"deletedFolders":[{"path":"old"}]}
            """;

        var header = await JsonCommitReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), _staging);

        Assert.Equal(new CommitHeader("json", "d", null), header);
        Assert.Equal(["a.txt", "b.txt", "c.txt", "old"], _staging.Operations.Select(o => o.Path));
        Assert.Equal("A", (await ArchiveUnpackerTests.ContentsAsync(_staging))["a.txt"]);
    }

    [Fact]
    public async Task The_json_form_refuses_lfs_files()
    {
        var body = """{"summary":"s","lfsFiles":[{"path":"w.bin","algo":"sha256","oid":"x","size":1}]}""";

        var problem = await Assert.ThrowsAsync<ProblemException>(() => JsonCommitReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), _staging));

        Assert.Equal("lfsFiles[0]: LFS uploads are not supported; send the content inline.", problem.Message);
    }

    private Task<CommitHeader> ReadAsync(string body) =>
        NdjsonCommitReader.ReadAsync(new ChunkedStream(Encoding.UTF8.GetBytes(body), 997), _staging);

    private static string File(string path, string content) =>
        $$$"""{"key":"file","value":{"path":"{{{path}}}","content":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(content))}}}","encoding":"base64"}}""";

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    // Hands out at most a few bytes per read, as a network stream does.
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
