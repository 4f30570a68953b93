using System.Security.Cryptography;
using System.Text;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Git;

namespace Spaces.Core.Tests.Repositories;

/// <summary>Blobs written while an upload streams (<see cref="GitRepository.WriteBlobAsync"/>) and commits that name them, against the real git CLI.</summary>
public sealed class GitBlobWriteTests : IDisposable
{
    private static readonly CommitAuthor Ada = new("Ada", "ada@example.test");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"spaces-blob-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_streamed_blob_has_git_s_id_and_a_commit_naming_it_reads_back_byte_identical()
    {
        var repo = await NewRepoAsync();
        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 17);

        var blob = await repo.WriteBlobAsync(new MemoryStream(content));
        var result = await repo.CommitAsync(new("weights", Ada, [new PutBlob("models/w.bin", blob), Put("README.md", "# w")]));

        Assert.Equal(GitBlobId(content), blob);
        Assert.True(result.Changed);
        var entry = await repo.GetFileAsync("main", "models/w.bin");
        Assert.Equal((blob, (long?)content.Length), (entry!.Oid, entry.Size));
        await using var read = repo.OpenBlob(blob);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task A_source_that_fails_midway_writes_no_object_and_its_error_propagates()
    {
        var repo = await NewRepoAsync();
        var before = LooseObjects(repo);

        var error = await Assert.ThrowsAsync<IOException>(() => repo.WriteBlobAsync(new FailingStream(3 * 1024 * 1024)));

        Assert.Equal("cut off", error.Message);
        // Left running, git would wait for the rest of its input and, once its pipe closed, write the part it had.
        Assert.True(await GitGoneAsync(repo), "git hash-object is still running on the cut-off input");
        Assert.Equal(before, LooseObjects(repo));
    }

    [Fact]
    public async Task A_blob_that_is_not_in_the_repository_or_not_an_id_is_refused_and_the_branch_stays()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", "1")]));
        var elsewhere = GitBlobId("never written"u8.ToArray());
        var tree = (await repo.ListTreeAsync("main")).Single().Oid;

        await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(new("missing", Ada, [new PutBlob("b.txt", elsewhere)])));
        await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(new("short", Ada, [new PutBlob("b.txt", elsewhere[..12])])));
        await Assert.ThrowsAsync<ArgumentException>(
            () => repo.CommitAsync(new("injected", Ada, [new PutBlob("b.txt", tree + "\t.git/x\n100644 " + tree)])));
        var commitAsBlob = await Assert.ThrowsAsync<ArgumentException>(() => repo.CommitAsync(new("commit", Ada, [new PutBlob("b.txt", first.CommitId)])));

        Assert.Contains("is not a blob of this repository", commitAsBlob.Message);
        Assert.Equal(first.CommitId, await repo.ResolveAsync("main"));
        Assert.Equal(["a.txt"], (await repo.ListTreeAsync("main")).Select(e => e.Path));
    }

    [Fact]
    public async Task A_streamed_blob_counts_toward_the_repository_quota()
    {
        var repo = await NewRepoAsync();
        var first = await repo.CommitAsync(new("one", Ada, [Put("a.txt", new string('a', 600))]));
        var blob = await repo.WriteBlobAsync(new MemoryStream(new byte[500]));

        var error = await Assert.ThrowsAsync<RepoQuotaExceededException>(
            () => repo.CommitAsync(new("two", Ada, [new PutBlob("b.bin", blob)], MaxRepoBytes: 1000)));

        Assert.Equal(1100L, error.Size);
        Assert.Equal(first.CommitId, await repo.ResolveAsync("main"));
    }

    private Task<GitRepository> NewRepoAsync() => GitRepository.InitAsync(Path.Combine(_root, Guid.NewGuid().ToString("N")));

    private static PutFile Put(string path, string content) => new(path, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    internal static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    internal static int LooseObjects(GitRepository repo) =>
        Directory.EnumerateFiles(Path.Combine(repo.Path, "objects"), "*", SearchOption.AllDirectories)
            .Count(f => Path.GetFileName(Path.GetDirectoryName(f)) is { Length: 2 } dir && dir.All(char.IsAsciiHexDigit));

    // Whether, within 5 s, no process names the repository on its command line (a killed git is a zombie with none).
    private static async Task<bool> GitGoneAsync(GitRepository repo)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var running = Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Any(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(repo.Path, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
            if (!running)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    // Gives zeros up to its length, then fails as a request cut off by the client does.
    private sealed class FailingStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= length)
            {
                throw new IOException("cut off");
            }

            var count = (int)Math.Min(buffer.Length, length - _position);
            buffer[..count].Clear();
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
