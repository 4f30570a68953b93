using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text;
using Spaces.Docker.Context;

namespace Spaces.Docker.Tests.Context;

[SupportedOSPlatform("linux")]
public sealed class BuildContextTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spaces-context-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string path, string text)
    {
        var full = Path.Combine(_directory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static async Task<List<TarEntry>> ReadTarAsync(BuildContext context)
    {
        using var tar = await context.ToTarStreamAsync();
        var entries = new List<TarEntry>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }
        return entries;
    }

    [Fact]
    public void A_directory_honours_dockerignore_but_always_sends_dockerfile_and_dockerignore()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write(".dockerignore", "Dockerfile\n.dockerignore\n*.log\nsecrets/\nnode_modules\n!node_modules/keep.js\n");
        Write("app/main.cs", "class A {}");
        Write("app/debug.log", "x");
        Write("trace.log", "x");
        Write("secrets/key", "k");
        Write("node_modules/lib/x.js", "x");
        Write("node_modules/keep.js", "k");

        var context = BuildContext.FromDirectory(_directory);

        var files = context.Entries.Where(e => e.Kind == BuildContextEntryKind.File).Select(e => e.Path);
        Assert.Equal([".dockerignore", "Dockerfile", "app/debug.log", "app/main.cs", "node_modules/keep.js"], files);
        Assert.DoesNotContain(context.Entries, e => e.Path.StartsWith("secrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tar_is_sorted_and_holds_contents_and_modes()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write("b/run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(_directory, "b/run.sh"), (UnixFileMode)0b111_101_101);
        Write("a.txt", "alpha");

        var entries = await ReadTarAsync(BuildContext.FromDirectory(_directory));

        Assert.Equal(["Dockerfile", "a.txt", "b/", "b/run.sh"], entries.Select(e => e.Name));
        var script = entries.Single(e => e.Name == "b/run.sh");
        Assert.Equal((UnixFileMode)0b111_101_101, script.Mode);
        Assert.Equal("alpha", new StreamReader(entries.Single(e => e.Name == "a.txt").DataStream!).ReadToEnd());
    }

    [Fact]
    public async Task In_memory_files_give_the_same_bytes_every_time()
    {
        BuildContextFile[] files =
        [
            BuildContextFile.Text("www/index.html", "<h1>hi</h1>"),
            BuildContextFile.Text("Dockerfile", "FROM scratch\nCOPY www /www\n"),
            new("bin/tool", new byte[] { 1, 2, 3 }, (UnixFileMode)0b111_101_101),
        ];

        using var first = await BuildContext.FromFiles(files).ToTarStreamAsync();
        using var second = await BuildContext.FromFiles(files.Reverse()).ToTarStreamAsync();
        var entries = await ReadTarAsync(BuildContext.FromFiles(files));

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(["Dockerfile", "bin/", "bin/tool", "www/", "www/index.html"], entries.Select(e => e.Name));
    }

    [Fact]
    public void In_memory_files_honour_a_dockerignore_among_them()
    {
        var context = BuildContext.FromFiles(
        [
            BuildContextFile.Text(".dockerignore", "*.md\n"),
            BuildContextFile.Text("Dockerfile", "FROM scratch\n"),
            BuildContextFile.Text("README.md", "# hi"),
        ]);

        Assert.Equal([".dockerignore", "Dockerfile"], context.Entries.Select(e => e.Path));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a/../../b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public void Unsafe_paths_are_refused(string path)
    {
        Assert.Throws<BuildContextException>(() => BuildContext.FromFiles([new BuildContextFile(path, Encoding.UTF8.GetBytes("x"))]));
    }

    [Fact]
    public void Links_inside_the_context_are_kept_and_links_outside_refused()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write("real/file.txt", "x");
        File.CreateSymbolicLink(Path.Combine(_directory, "inside"), "real/file.txt");

        var link = Assert.Single(BuildContext.FromDirectory(_directory).Entries, e => e.Kind == BuildContextEntryKind.SymbolicLink);
        Assert.Equal("real/file.txt", link.LinkTarget);

        File.CreateSymbolicLink(Path.Combine(_directory, "escape"), "../../etc/passwd");
        var error = Assert.Throws<BuildContextException>(() => BuildContext.FromDirectory(_directory));
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(_directory, "escape"));
        File.CreateSymbolicLink(Path.Combine(_directory, "absolute"), "/etc/passwd");
        Assert.Throws<BuildContextException>(() => BuildContext.FromDirectory(_directory));
    }

    [Fact]
    public void An_ignored_link_outside_is_not_a_problem()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write(".dockerignore", "escape\n");
        File.CreateSymbolicLink(Path.Combine(_directory, "escape"), "/etc/passwd");

        Assert.DoesNotContain(BuildContext.FromDirectory(_directory).Entries, e => e.Path == "escape");
    }
}
