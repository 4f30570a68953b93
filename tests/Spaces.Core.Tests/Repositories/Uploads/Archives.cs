using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Spaces.Core.Tests.Repositories.Uploads;

/// <summary>Builds small archives in memory for the unpacking tests.</summary>
internal static class Archives
{
    public const int UnixSymlink = 0xA000;

    public static byte[] Zip(params (string Name, byte[] Content, int? UnixMode)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, mode) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize);
                if (mode is { } unix)
                {
                    entry.ExternalAttributes = unix << 16;
                }

                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, string Content)[] entries) =>
        Zip([.. entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Content), (int?)null))]);

    public static byte[] Tar(bool gzip, params TarEntry[] entries)
    {
        var buffer = new MemoryStream();
        using (Stream target = gzip ? new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true) : new NonClosing(buffer))
        using (var tar = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry TarFile(string name, string content) => TarFile(name, Encoding.UTF8.GetBytes(content));

    public static PaxTarEntry TarFile(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static PaxTarEntry TarFolder(string name) => new(TarEntryType.Directory, name);

    public static PaxTarEntry TarSpecial(TarEntryType type, string name) =>
        type is TarEntryType.SymbolicLink or TarEntryType.HardLink ? new(type, name) { LinkName = "/etc/passwd" } : new(type, name);

    public static string WriteTemp(byte[] bytes, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spaces-archive-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
