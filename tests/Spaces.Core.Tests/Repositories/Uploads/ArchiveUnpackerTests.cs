using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using Spaces.Core.Problems;
using Spaces.Core.Repositories;
using Spaces.Core.Repositories.Uploads;

namespace Spaces.Core.Tests.Repositories.Uploads;

public sealed class ArchiveUnpackerTests : IDisposable
{
    private readonly List<string> _files = [];
    private readonly List<UploadStaging> _stagings = [];

    public void Dispose()
    {
        _stagings.ForEach(s => s.Dispose());
        _files.ForEach(File.Delete);
    }

    [Fact]
    public async Task Zip_entries_are_staged_with_their_folders_as_they_are()
    {
        var zip = Archives.Zip(("site/index.html", "<h1>hi</h1>"), ("site/css/app.css", "body{}"), ("site/", ""));

        var staging = await UnpackAsync(zip, "site.zip", ArchiveFormat.Zip);

        Assert.Equal(new Dictionary<string, string> { ["site/index.html"] = "<h1>hi</h1>", ["site/css/app.css"] = "body{}" }, await ContentsAsync(staging));
    }

    [Fact]
    public async Task Entries_land_below_the_target_folder_and_macos_junk_is_skipped()
    {
        var zip = Archives.Zip(("a.txt", "A"), ("__MACOSX/._a.txt", "junk"), ("./b/c.txt", "C"));

        var staging = await UnpackAsync(zip, "x.zip", ArchiveFormat.Zip, folder: "assets/raw");

        Assert.Equal(new Dictionary<string, string> { ["assets/raw/a.txt"] = "A", ["assets/raw/b/c.txt"] = "C" }, await ContentsAsync(staging));
    }

    [Theory]
    [InlineData("../evil.txt", "'..' segments")]
    [InlineData("ok/../../evil.txt", "'..' segments")]
    [InlineData("/etc/passwd", "absolute paths")]
    [InlineData("C:/Windows/evil.txt", "absolute paths")]
    [InlineData("dir\\evil.txt", "backslashes")]
    [InlineData(".git/config", "'.git' cannot be written")]
    public async Task Unsafe_zip_names_are_refused_with_the_entry_named(string name, string reason)
    {
        var zip = Archives.Zip(("fine.txt", "ok"), (name, "evil"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(zip, "bad.zip", ArchiveFormat.Zip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains($"bad.zip:{name}", problem.Message);
        Assert.Contains(reason, problem.Message);
    }

    [Fact]
    public async Task A_zip_symlink_is_refused()
    {
        var zip = Archives.Zip(("link", Encoding.UTF8.GetBytes("/etc/passwd"), Archives.UnixSymlink | 0x1FF));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(zip, "links.zip", ArchiveFormat.Zip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("links.zip:link", problem.Message);
        Assert.Contains("symbolic links", problem.Message);
    }

    [Fact]
    public async Task A_zip_bomb_is_stopped_by_the_ratio_after_counting_real_bytes()
    {
        var zip = Archives.Zip(("zeros.bin", new byte[20 * 1024 * 1024], null));
        Assert.True(zip.Length < 100 * 1024, $"the test zip should be tiny, is {zip.Length} bytes");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(zip, "bomb.zip", ArchiveFormat.Zip));

        Assert.Equal(ProblemKind.TooLarge, problem.Kind);
        Assert.Contains("bomb.zip:zeros.bin", problem.Message);
        Assert.Contains("100:1", problem.Message);
    }

    [Fact]
    public async Task Small_compressible_files_stay_under_the_ratio_grace()
    {
        var zip = Archives.Zip(("page.txt", new byte[64 * 1024], null));

        var staging = await UnpackAsync(zip, "ok.zip", ArchiveFormat.Zip);

        Assert.Equal([("page.txt", 64 * 1024L)], staging.Files);
    }

    [Theory]
    [InlineData(10u, "does not match its checksum")]
    [InlineData(0x7FFFFFFFu, "larger than the limit of 1 MiB")]
    public async Task Sizes_announced_in_zip_headers_are_not_trusted(uint announced, string refusal)
    {
        // A 3 MiB entry whose headers claim another size: cut short, it fails its checksum; counted, it breaks the file limit.
        var zip = Archives.Zip(("liar.bin", new byte[3 * 1024 * 1024], null));
        PatchUncompressedSizes(zip, announced);
        var limits = new UploadLimits { MaxFileBytes = 1024 * 1024, MaxCompressionRatio = 1_000_000 };

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(zip, "liar.zip", ArchiveFormat.Zip, limits: limits));

        Assert.Contains("liar.zip:liar.bin", problem.Message);
        Assert.Contains(refusal, problem.Message);
        Assert.DoesNotContain(_stagings.Single().Files, f => f.Size > limits.MaxFileBytes);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_the_limit_named()
    {
        var zip = Archives.Zip(("big.bin", RandomBytes(3000), null));

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => UnpackAsync(zip, "big.zip", ArchiveFormat.Zip, limits: new UploadLimits { MaxFileBytes = 2048 }));

        Assert.Equal(ProblemKind.TooLarge, problem.Kind);
        Assert.Contains("big.zip:big.bin", problem.Message);
        Assert.Contains("2 KiB", problem.Message);
    }

    [Fact]
    public async Task Too_many_files_and_too_many_bytes_are_refused()
    {
        var zip = Archives.Zip(("a", "1"), ("b", "2"), ("c", "3"));
        var many = await Assert.ThrowsAsync<ProblemException>(
            () => UnpackAsync(zip, "many.zip", ArchiveFormat.Zip, limits: new UploadLimits { MaxFiles = 2 }));
        var big = Archives.Zip(("a", RandomBytes(600), null), ("b", RandomBytes(600), null));
        var total = await Assert.ThrowsAsync<ProblemException>(
            () => UnpackAsync(big, "total.zip", ArchiveFormat.Zip, limits: new UploadLimits { MaxUnpackedBytes = 1000 }));

        Assert.Equal(ProblemKind.TooLarge, many.Kind);
        Assert.Contains("more than 2 files", many.Message);
        Assert.Equal(ProblemKind.TooLarge, total.Kind);
        Assert.Contains("1000 bytes", total.Message);
        Assert.Contains("total.zip:b", total.Message);
    }

    [Fact]
    public async Task A_corrupt_archive_is_a_bad_request()
    {
        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(RandomBytes(500), "junk.zip", ArchiveFormat.Zip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("not a readable zip archive", problem.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tar_files_and_folders_are_staged(bool gzip)
    {
        var tar = Archives.Tar(gzip, Archives.TarFolder("./"), Archives.TarFolder("./app/"), Archives.TarFile("./app/main.py", "print(1)"), Archives.TarFile("README.md", "# hi"));

        var staging = await UnpackAsync(tar, gzip ? "app.tar.gz" : "app.tar", gzip ? ArchiveFormat.TarGzip : ArchiveFormat.Tar);

        Assert.Equal(new Dictionary<string, string> { ["app/main.py"] = "print(1)", ["README.md"] = "# hi" }, await ContentsAsync(staging));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "links are not allowed")]
    [InlineData(TarEntryType.HardLink, "links are not allowed")]
    [InlineData(TarEntryType.CharacterDevice, "devices")]
    [InlineData(TarEntryType.Fifo, "FIFOs")]
    public async Task Tar_links_and_devices_are_refused(TarEntryType type, string reason)
    {
        var tar = Archives.Tar(true, Archives.TarFile("ok.txt", "ok"), Archives.TarSpecial(type, "special"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(tar, "x.tgz", ArchiveFormat.TarGzip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("x.tgz:special", problem.Message);
        Assert.Contains(reason, problem.Message);
    }

    [Fact]
    public async Task Tar_traversal_is_refused()
    {
        var tar = Archives.Tar(true, Archives.TarFile("../../etc/cron.d/evil", "x"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(tar, "evil.tar.gz", ArchiveFormat.TarGzip));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("'..' segments", problem.Message);
    }

    [Fact]
    public async Task A_tar_gz_bomb_is_stopped_by_the_ratio()
    {
        var tar = Archives.Tar(true, Archives.TarFile("zeros.bin", new byte[30 * 1024 * 1024]));
        Assert.True(tar.Length < 200 * 1024, $"the test archive should be tiny, is {tar.Length} bytes");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => UnpackAsync(tar, "bomb.tgz", ArchiveFormat.TarGzip));

        Assert.Equal(ProblemKind.TooLarge, problem.Kind);
        Assert.Contains("100:1", problem.Message);
    }

    [Fact]
    public void Archive_formats_are_recognised_by_name()
    {
        Assert.Equal(ArchiveFormat.Zip, ArchiveFormats.FromFileName("Site.ZIP"));
        Assert.Equal(ArchiveFormat.TarGzip, ArchiveFormats.FromFileName("a.tar.gz"));
        Assert.Equal(ArchiveFormat.TarGzip, ArchiveFormats.FromFileName("a.tgz"));
        Assert.Equal(ArchiveFormat.Tar, ArchiveFormats.FromFileName("a.tar"));
        Assert.Null(ArchiveFormats.FromFileName("a.gz"));
        Assert.Null(ArchiveFormats.FromFileName("model.onnx"));
    }

    internal static async Task<Dictionary<string, string>> ContentsAsync(UploadStaging staging)
    {
        var contents = new Dictionary<string, string>();
        foreach (var put in staging.Operations.OfType<PutFile>())
        {
            using var reader = new StreamReader(put.Content);
            contents[put.Path] = await reader.ReadToEndAsync();
        }

        return contents;
    }

    private async Task<UploadStaging> UnpackAsync(byte[] archive, string name, ArchiveFormat format, string? folder = null, UploadLimits? limits = null)
    {
        var path = Archives.WriteTemp(archive, Path.GetExtension(name));
        _files.Add(path);
        var staging = new UploadStaging(limits ?? new UploadLimits());
        _stagings.Add(staging);
        await ArchiveUnpacker.UnpackAsync(path, format, name, folder, staging);
        return staging;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    // Rewrites the uncompressed size in every local header (PK\3\4, offset 22) and central header (PK\1\2, offset 24).
    private static void PatchUncompressedSizes(byte[] zip, uint size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 3 && zip[i + 3] == 4)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 1 && zip[i + 3] == 2)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }
}
